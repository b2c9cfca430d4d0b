package dev.gatehouse.testsupport.redis;

import dev.gatehouse.testsupport.process.LoggedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} process (a data node or, with {@code --sentinel}, a sentinel) on a
 * loopback port, its output in {@code <name>.log} in the work directory. {@link #kill()} is
 * SIGKILL: the process gets no chance to say goodbye, as in a crash or a lost machine.
 */
final class RedisProcess {

  private static final Duration STARTUP = Duration.ofSeconds(20);

  final String name;
  final int port;
  private final Path log;
  private final Process process;

  private RedisProcess(String name, int port, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
  }

  static RedisProcess start(
      Path binary, Path workDir, String name, int port, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(arguments);
    LoggedProcess started = LoggedProcess.start(name, workDir, command);
    RedisProcess redis = new RedisProcess(name, port, started.log(), started.process());
    redis.awaitAnswering();
    return redis;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " did not die within 10 s");
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + name, ex);
    }
  }

  private void awaitAnswering() {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!Resp.answers(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start on port " + port + "; see " + log);
      }
      Polling.pause();
    }
  }

  @Override
  public String toString() {
    return name + "@127.0.0.1:" + port;
  }
}
