package dev.gatehouse.testsupport.process;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@link ServiceProcess} that can be crashed, frozen, stopped and started again <em>with the same
 * settings on the same port</em>, the way an orchestrator restarts a failed container: the fault
 * tests and the chaos soak break a service and expect its clients to find it again at the same
 * address. Each start writes its own log ({@code name.log}, then {@code name-2.log}, ...).
 */
public final class RestartableService implements AutoCloseable {

  private final String name;
  private final Path jar;
  private final Path workDir;
  private final List<String> jvmOptions;
  private final List<String> arguments;
  private final URI health;
  private ServiceProcess current;
  private int starts = 1;
  private boolean frozen;

  private RestartableService(
      String name,
      Path jar,
      Path workDir,
      List<String> jvmOptions,
      List<String> arguments,
      URI health) {
    this.name = name;
    this.jar = jar;
    this.workDir = workDir;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.arguments = List.copyOf(arguments);
    this.health = health;
    this.current = ServiceProcess.start(name, jar, workDir, jvmOptions, arguments);
  }

  /**
   * Starts {@code jar} (see {@link ServiceProcess#start}); {@code health} is the URL that answers
   * 200 once the service is ready, checked by {@link #awaitHealthy(Duration)}.
   */
  public static RestartableService start(
      String name,
      Path jar,
      Path workDir,
      List<String> jvmOptions,
      List<String> arguments,
      URI health) {
    return new RestartableService(name, jar, workDir, jvmOptions, arguments, health);
  }

  public synchronized void awaitHealthy(Duration timeout) {
    current.awaitHealthy(health, timeout);
  }

  /** The running process (a new one after each restart). */
  public synchronized ServiceProcess process() {
    return current;
  }

  public synchronized boolean isRunning() {
    return current.isAlive() && !frozen;
  }

  /** {@code SIGSTOP}: connections stay open, nothing is answered. */
  public synchronized void freeze() {
    current.freeze();
    frozen = true;
  }

  /** {@code SIGCONT}: the frozen process runs on where it stopped. */
  public synchronized void thaw() {
    if (frozen) {
      current.thaw();
      frozen = false;
    }
  }

  /** {@code SIGKILL}: a crash, no drain. */
  public synchronized void kill() {
    thaw();
    current.kill();
  }

  /** {@code SIGTERM} and wait: the graceful shutdown an orchestrator asks for. */
  public synchronized void stopGracefully() {
    thaw();
    current.close();
  }

  /** Only sends {@code SIGTERM}, so a test can watch the drain while it happens. */
  public synchronized void beginStop() {
    thaw();
    current.stop();
  }

  /**
   * Starts the service again with the same JVM options and arguments (so on the same port), after
   * making sure the previous process is gone, and waits until it is healthy.
   */
  public synchronized void restart(Duration timeout) {
    if (current.isAlive()) {
      stopGracefully();
    }
    current.awaitStopped();
    starts++;
    current = ServiceProcess.start(name + "-" + starts, jar, workDir, jvmOptions, arguments);
    frozen = false;
    current.awaitHealthy(health, timeout);
  }

  @Override
  public synchronized void close() {
    if (current.isAlive()) {
      stopGracefully();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
