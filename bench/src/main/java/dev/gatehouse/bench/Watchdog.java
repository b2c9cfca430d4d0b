package dev.gatehouse.bench;

import java.time.Duration;

/**
 * Bounds the whole run: past its deadline, or when the process that started it (Maven) is gone, the
 * JVM exits, and the shutdown hook stops every service. Each phase has its own bound; this is the
 * net under them.
 */
final class Watchdog {

  private Watchdog() {}

  static void start(Duration deadline) {
    Thread watchdog =
        new Thread(
            () -> {
              Pause.of(deadline);
              if (!Thread.currentThread().isInterrupted()) {
                exit("still running after " + deadline.toSeconds() + " s: giving up", 3);
              }
            },
            "bench-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    ProcessHandle.current()
        .parent()
        .ifPresent(parent -> parent.onExit().thenRun(() -> exit("the parent process ended", 130)));
  }

  private static void exit(String why, int status) {
    System.err.println("[bench] " + why + "; stopping the services");
    System.exit(status);
  }
}
