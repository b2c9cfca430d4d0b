package dev.gatehouse.testsupport.process;

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
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One service started as its own JVM from its packaged jar ({@code java -jar}), the way an operator
 * runs it, with its output in {@code <work-dir>/<name>.log}. Used by the end-to-end tests and the
 * benchmark.
 */
public final class ServiceProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private ServiceProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code jar} with the current JVM's {@code java}.
   *
   * @param jvmOptions options before {@code -jar}, e.g. heap size
   * @param arguments the application's arguments ({@code --name=value})
   */
  public static ServiceProcess start(
      String name, Path jar, Path workDir, List<String> jvmOptions, List<String> arguments) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "missing " + jar + ": run through Maven (./mvnw verify) so the jars are packaged first");
    }
    List<String> command = new ArrayList<>(jvmOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(arguments);
    return launch(name, workDir, command);
  }

  /**
   * Starts {@code mainClass} from the directory {@code classpath} with the current JVM's {@code
   * java}: e.g. a jar extracted into Spring Boot's layers and started by its launcher, the way a
   * container image runs it.
   */
  public static ServiceProcess startMain(
      String name,
      Path classpath,
      String mainClass,
      Path workDir,
      List<String> jvmOptions,
      List<String> arguments) {
    if (!Files.isDirectory(classpath)) {
      throw new IllegalStateException("missing " + classpath);
    }
    List<String> command = new ArrayList<>(jvmOptions);
    command.add("-cp");
    command.add(classpath.toAbsolutePath().toString());
    command.add(mainClass);
    command.addAll(arguments);
    return launch(name, workDir, command);
  }

  private static ServiceProcess launch(String name, Path workDir, List<String> javaArguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaArguments);
    LoggedProcess started = LoggedProcess.start(name, workDir, command);
    return new ServiceProcess(name, started.process(), started.log());
  }

  /**
   * Starts {@code mainClass} in its own JVM on this JVM's class path: a module's own tests, before
   * its jar is packaged, when the service must own its JVM (logging is configured once per JVM).
   *
   * @param arguments the application's arguments ({@code --name=value})
   */
  public static ServiceProcess startMainClass(
      String name, String mainClass, Path workDir, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(arguments);
    return launch(name, workDir, command);
  }

  /** Waits until {@code healthUrl} answers 200, or fails with the end of the service's log. */
  public void awaitHealthy(URI healthUrl, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited early; the end of " + log + ":\n" + tail());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(healthUrl).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
        Thread.sleep(250);
      } catch (IOException ex) {
        sleepQuietly();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, ex);
      }
    }
    throw new IllegalStateException(
        name + " not healthy after " + timeout + "; the end of " + log + ":\n" + tail());
  }

  /** The whole log so far, for assertions about what a service printed. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** CPU time used so far by the whole process (all threads, user and system). */
  public Duration cpuTime() {
    return process.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  /** The operating system's process id, e.g. to send it signals. */
  public long pid() {
    return process.pid();
  }

  /**
   * Freezes the whole process ({@code SIGSTOP}): it keeps its sockets open but answers nothing, the
   * way a hung JVM or a paused VM looks to its clients. {@link #thaw()} lets it run on.
   */
  public void freeze() {
    Signals.send(process.pid(), "STOP");
  }

  /** Lets a frozen process run on ({@code SIGCONT}). */
  public void thaw() {
    Signals.send(process.pid(), "CONT");
  }

  /**
   * Crashes the process ({@code SIGKILL}: no shutdown hook, no drain) and waits until it is gone.
   */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the service to stop (SIGTERM); {@link #awaitStopped()} makes sure it did. */
  public void stop() {
    process.destroy();
  }

  /** Waits for the process to end, killing it when it takes longer than 15 s. */
  public void awaitStopped() {
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException ex) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits up to {@code timeout} for the process to end by itself: its exit code, or empty while it
   * still runs.
   */
  public OptionalInt awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          ? OptionalInt.of(process.exitValue())
          : OptionalInt.empty();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    stop();
    awaitStopped();
  }

  @Override
  public String toString() {
    return name;
  }

  private String tail() {
    try {
      String output = Files.readString(log);
      return output.substring(Math.max(0, output.length() - 4000));
    } catch (IOException ex) {
      return "(no log: " + ex.getMessage() + ")";
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
