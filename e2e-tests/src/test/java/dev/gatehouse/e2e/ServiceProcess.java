package dev.gatehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One service started as its own JVM from its packaged jar ({@code java -jar}), the way an operator
 * runs it, with its output in {@code target/e2e/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ServiceProcess start(String name, Path jar, Path workDir, List<String> arguments) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "missing "
              + jar
              + ": run the tests through Maven (./mvnw verify) so the jars are packaged");
    }
    try {
      Files.createDirectories(workDir);
      Path log = workDir.resolve(name + ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-XX:TieredStopAtLevel=1");
      command.add("-jar");
      command.add(jar.toString());
      command.addAll(arguments);
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ServiceProcess(name, process, log);
    } catch (IOException ex) {
      throw new UncheckedIOException("could not start " + name, ex);
    }
  }

  /** Waits until {@code healthUrl} answers 200, or fails with the end of the service's log. */
  void awaitHealthy(URI healthUrl, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited early:\n" + tail());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException ex) {
        // not listening yet
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, ex);
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(name + " not healthy after " + timeout + ":\n" + tail());
  }

  /** The whole log so far, for assertions about what a service printed. */
  String output() {
    try {
      return Files.readString(log);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private String tail() {
    String output = output();
    return output.substring(Math.max(0, output.length() - 4000));
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException ex) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
