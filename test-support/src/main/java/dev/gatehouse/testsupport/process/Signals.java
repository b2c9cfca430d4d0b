package dev.gatehouse.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends a POSIX signal with {@code kill}: Java can end a process but cannot stop or continue one.
 * The fault tests freeze services ({@code STOP}) and let them run on ({@code CONT}).
 */
public final class Signals {

  private Signals() {}

  /**
   * Sends {@code signal} (e.g. {@code STOP}, {@code CONT}) to {@code pid}.
   *
   * @throws IllegalStateException when {@code kill} fails, e.g. the process is gone
   */
  public static void send(long pid, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException(
            "kill -"
                + signal
                + " "
                + pid
                + " failed: "
                + new String(kill.getInputStream().readAllBytes()));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("could not run kill", ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling " + pid, ex);
    }
  }
}
