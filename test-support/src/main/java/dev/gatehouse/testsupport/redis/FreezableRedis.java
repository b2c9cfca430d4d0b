package dev.gatehouse.testsupport.redis;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.process.Signals;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis server run as a child process of this JVM on a fixed random loopback port, so that
 * it can be frozen ({@code SIGSTOP}: connections stay open and nothing answers — what a hung Redis
 * looks like), crashed ({@code SIGKILL}) and started again on the same port. The server binary is
 * the one embedded-redis packages (the same Redis as {@link TestRedis}), copied out of its jar
 * once. Nothing is persisted: a restarted server is empty, as a cache must tolerate.
 */
public final class FreezableRedis implements AutoCloseable {

  private static final String BINARY = "redis-server-6.2.6-v5-linux-amd64";
  private static @Nullable Path binary;

  private final int port = FreePorts.next();
  private final Path log;
  private @Nullable Process process;
  private boolean frozen;

  private FreezableRedis(Path workDir) {
    this.log = workDir.resolve("redis-" + port + ".log");
  }

  /** Starts a server on a free port, writing its log into {@code workDir}. */
  public static FreezableRedis start(Path workDir) {
    try {
      Files.createDirectories(workDir);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    FreezableRedis redis = new FreezableRedis(workDir);
    redis.startAgain();
    return redis;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive() && !frozen;
  }

  /** Starts the server again on the same port (empty) and waits until it answers PING. */
  public synchronized void startAgain() {
    if (process != null && process.isAlive()) {
      return;
    }
    try {
      process =
          new ProcessBuilder(
                  List.of(
                      binary().toString(),
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--daemonize",
                      "no"))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      frozen = false;
      awaitPong(Duration.ofSeconds(20));
    } catch (IOException ex) {
      throw new UncheckedIOException("could not start Redis on port " + port, ex);
    }
  }

  /** {@code SIGSTOP}: clients' connections stay open; every command waits. */
  public synchronized void freeze() {
    Signals.send(running().pid(), "STOP");
    frozen = true;
  }

  /** {@code SIGCONT}: the frozen server answers again, with its data. */
  public synchronized void thaw() {
    if (frozen) {
      Signals.send(running().pid(), "CONT");
      frozen = false;
    }
  }

  /** {@code SIGKILL}: a crash; clients see refused connections until {@link #startAgain()}. */
  public synchronized void kill() {
    thaw();
    Process current = process;
    if (current != null) {
      try {
        current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    kill();
  }

  private Process running() {
    Process current = process;
    if (current == null || !current.isAlive()) {
      throw new IllegalStateException("Redis on port " + port + " is not running");
    }
    return current;
  }

  private void awaitPong(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!running().isAlive()) {
        break;
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host(), port), 500);
        socket.setSoTimeout(1000);
        OutputStream out = socket.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] reply = new byte[7];
        int read = in.read(reply);
        if (read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG")) {
          return;
        }
      } catch (IOException ex) {
        // not listening yet
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("Redis on port " + port + " did not answer PING; see " + log);
  }

  private static synchronized Path binary() throws IOException {
    if (binary == null) {
      try (InputStream in = FreezableRedis.class.getResourceAsStream("/" + BINARY)) {
        if (in == null) {
          throw new IllegalStateException(
              BINARY
                  + " not on the class path: test-support needs com.github.codemonstur:embedded-redis");
        }
        Path file = Files.createTempFile("gatehouse-redis-server", "");
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        file.toFile().setExecutable(true);
        file.toFile().deleteOnExit();
        binary = file;
      }
    }
    return binary;
  }
}
