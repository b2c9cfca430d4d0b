package dev.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The load generator: Debian's wrk 4.1, one child process per run, so the load is made in C outside
 * the JVMs it measures. Its Lua script ({@code wrk-sessions.lua}) sends each request with the next
 * cookie of a list file (the bench's real sessions, round-robin, every thread starting elsewhere in
 * the list) and prints percentiles and failure counts in {@code done()}, which {@link WrkResult}
 * parses. wrk is closed-loop: each connection sends its next request when the previous one has
 * answered, so latencies are service times at that concurrency (no coordinated-omission
 * correction).
 */
final class Wrk {

  /** Long enough that a slow answer is a latency in the table, not a silent timeout. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Path executable;
  private final Path script;
  private final Path logs;
  private final int connections;
  private final int threads;
  private final long paceMillis;
  private final AtomicInteger runs;

  Wrk(Path executable, Path workDir, int connections, int threads) {
    this.executable = executable;
    this.logs = workDir.resolve("wrk");
    this.connections = connections;
    this.threads = threads;
    this.paceMillis = 0;
    this.runs = new AtomicInteger();
    try {
      Files.createDirectories(logs);
      this.script = workDir.resolve("wrk-sessions.lua");
      try (var in = Wrk.class.getResourceAsStream("/wrk-sessions.lua")) {
        if (in == null) {
          throw new IllegalStateException("wrk-sessions.lua missing from the bench's resources");
        }
        Files.write(script, in.readAllBytes());
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("could not prepare wrk in " + workDir, ex);
    }
  }

  private Wrk(Wrk closedLoop, long paceMillis) {
    this.executable = closedLoop.executable;
    this.script = closedLoop.script;
    this.logs = closedLoop.logs;
    this.connections = closedLoop.connections;
    this.threads = closedLoop.threads;
    this.paceMillis = paceMillis;
    this.runs = closedLoop.runs;
  }

  /**
   * The same load generator, each connection pausing {@code pauseMillis} between an answer and its
   * next request ({@link BenchSettings#pacedPauseMillis()}). Below a target's capacity, its
   * latencies are then what a request costs at that load, not the queueing of a saturated closed
   * loop, where every microsecond of CPU a request costs more shows up as latency of all the
   * others.
   */
  Wrk paced(long pauseMillis) {
    return new Wrk(this, pauseMillis);
  }

  String version() {
    return Tools.firstLine(List.of(executable.toString(), "-v"));
  }

  int connections() {
    return connections;
  }

  int threads() {
    return threads;
  }

  /**
   * {@code GET url} for {@code duration}, each request with the next cookie of {@code cookies}
   * (none when {@code null}).
   */
  WrkResult run(String name, URI url, @Nullable CookieFile cookies, Duration duration) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(
        List.of(
            "-t" + threads,
            "-c" + connections,
            "-d" + Math.max(1, duration.toSeconds()) + "s",
            "--timeout",
            TIMEOUT.toSeconds() + "s",
            "-s",
            script.toString(),
            url.toString(),
            "--",
            cookies == null ? "" : cookies.path().toString(),
            Long.toString(paceMillis)));
    Path log = logs.resolve(String.format("%03d-%s.log", runs.incrementAndGet(), name));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      process.getOutputStream().close();
      Duration bound = duration.plus(TIMEOUT).plusSeconds(30);
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("wrk did not end within " + bound + " (" + log + ")");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return WrkResult.parse(output)
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "wrk printed no result line (exit "
                          + process.exitValue()
                          + ") for "
                          + url
                          + ":\n"
                          + output));
    } catch (IOException ex) {
      throw new UncheckedIOException("could not run " + executable, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while wrk ran against " + url, ex);
    }
  }
}
