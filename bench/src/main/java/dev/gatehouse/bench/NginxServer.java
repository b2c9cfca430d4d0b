package dev.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One nginx started as a child process with a configuration the benchmark wrote into its own
 * directory ({@code -p}), with its own pid file, error log and temporary paths, in the foreground
 * ({@code daemon off}) so it ends with the benchmark. Its master process is this JVM's child; the
 * workers are the master's children, and {@link #cpuTime()} adds them all up from {@code /proc}.
 */
final class NginxServer implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path directory;

  private NginxServer(String name, Process process, Path directory) {
    this.name = name;
    this.process = process;
    this.directory = directory;
  }

  /**
   * Writes {@code config} to {@code directory/nginx.conf}, starts nginx on it and waits until every
   * port in {@code ports} accepts connections.
   */
  static NginxServer start(
      String name, Path nginx, Path directory, String config, List<Integer> ports) {
    try {
      Files.createDirectories(directory.resolve("logs"));
      Path conf = directory.resolve("nginx.conf");
      Files.writeString(conf, config);
      Process process =
          new ProcessBuilder(
                  nginx.toString(),
                  "-p",
                  directory + "/",
                  "-c",
                  conf.toString(),
                  // Before it reads the configuration nginx opens its compiled-in error log; -e
                  // keeps even that one in this directory.
                  "-e",
                  directory.resolve("logs/error.log").toString())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("logs/stdout.log").toFile())
              .start();
      process.getOutputStream().close();
      NginxServer server = new NginxServer(name, process, directory);
      try {
        server.awaitListening(ports);
      } catch (RuntimeException ex) {
        server.close();
        throw ex;
      }
      return server;
    } catch (IOException ex) {
      throw new UncheckedIOException("could not start " + name + " (" + nginx + ")", ex);
    }
  }

  private void awaitListening(List<Integer> ports) {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    for (int port : ports) {
      while (!accepts(port)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              name + " did not start listening on " + port + "; its error log:\n" + errorLog());
        }
        Pause.of(Duration.ofMillis(50));
      }
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException ex) {
      return false;
    }
  }

  /** CPU time (user and system) of the master and its workers so far. */
  Duration cpuTime() {
    ProcessHandle master = process.toHandle();
    try (Stream<ProcessHandle> all = Stream.concat(Stream.of(master), master.descendants())) {
      return all.map(handle -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
          .reduce(Duration.ZERO, Duration::plus);
    }
  }

  String errorLog() {
    try {
      Path log = directory.resolve("logs/error.log");
      return Files.exists(log) ? Files.readString(log) : "(none)";
    } catch (IOException ex) {
      return "(unreadable: " + ex.getMessage() + ")";
    }
  }

  /** Fast shutdown (SIGTERM to the master, which stops its workers); SIGKILL to all after 10 s. */
  @Override
  public void close() {
    List<ProcessHandle> workers = process.toHandle().descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException ex) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public String toString() {
    return name;
  }
}
