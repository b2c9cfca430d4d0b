package dev.gatehouse.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one benchmark run does, from {@code gatehouse.bench.*} system properties (the bench module's
 * POM passes them; each can be overridden on the Maven command line).
 *
 * @param authServiceJar the packaged auth-service ({@code *-exec.jar})
 * @param gatewayJar the packaged gateway ({@code *-exec.jar})
 * @param workDir where service logs, nginx's directories, wrk's output and the H2 file go
 * @param resultsDir where each run's CSV and latency plot go ({@code bench/results/})
 * @param jitWarmup unmeasured load before the first round on each of: the warm gateway's plain
 *     route, its Gatehouse route, the cold gateway, and the nginx peer (auth-service's
 *     forward-auth): a JVM needs tens of seconds of load before its JIT compiler has caught up
 * @param warmup unmeasured load on a target right before each of its measured rounds
 * @param duration how long each target is measured per round
 * @param rounds how many times every target is measured, interleaved (round-robin per round)
 * @param connections wrk's open connections ({@code -c}), each with one request in flight
 * @param threads wrk's threads ({@code -t})
 * @param floodConcurrency requests the hostile client of the flood phases keeps in flight
 * @param sessions how many sessions the Gatehouse and nginx rows spread their requests over
 * @param revocations how many logouts the revocation probe times
 * @param pacedRate the request rate (all connections together) of the paced phase, which measures
 *     rows (b), (c), (e) and (f) again at the same load below their capacity; 0 leaves it out
 * @param gatewayArguments extra command-line arguments for both gateways (space-separated in {@code
 *     gatehouse.bench.gateway-args}), e.g. {@code --logging.level.gatehouse.access=WARN}
 * @param gatewayJvmArguments extra JVM options for both gateways ({@code gatehouse.bench.jvm-args},
 *     after the default {@code -Xms512m -Xmx512m}, so they win), e.g. {@code -XX:+UseParallelGC}
 * @param authServiceJvmArguments extra JVM options for auth-service ({@code
 *     gatehouse.bench.auth-service-jvm-args})
 */
record BenchSettings(
    Path authServiceJar,
    Path gatewayJar,
    Path workDir,
    Path resultsDir,
    Duration jitWarmup,
    Duration warmup,
    Duration duration,
    int rounds,
    int connections,
    int threads,
    int floodConcurrency,
    int sessions,
    int revocations,
    int pacedRate,
    List<String> gatewayArguments,
    List<String> gatewayJvmArguments,
    List<String> authServiceJvmArguments) {

  private static final String PREFIX = "gatehouse.bench.";

  /** The interleaved targets (a) to (f). */
  static final int TARGETS = 6;

  /** The targets the paced phase measures again: (b), (c), (e), (f). */
  static final int PACED_TARGETS = 4;

  static BenchSettings fromSystemProperties() {
    return new BenchSettings(
        Path.of(property("auth-service-jar", "auth-service.jar")),
        Path.of(property("gateway-jar", "gateway.jar")),
        Path.of(property("work-dir", "target/bench")).toAbsolutePath(),
        Path.of(property("results-dir", "results")).toAbsolutePath(),
        duration(property("jit-warmup", "10s")),
        duration(property("warmup", "2s")),
        duration(property("duration", "8s")),
        positive("rounds", property("rounds", "3")),
        positive("connections", property("connections", "64")),
        positive("threads", property("threads", "2")),
        positive("flood-concurrency", property("flood-concurrency", "16")),
        positive("sessions", property("sessions", "100")),
        positive("revocations", property("revocations", "10")),
        notNegative("paced-rate", property("paced-rate", "2000")),
        words(property("gateway-args", "")),
        words(property("jvm-args", "")),
        words(property("auth-service-jvm-args", "")));
  }

  /**
   * The pause per connection between an answer and its next request in the paced phase, so that all
   * connections together ask about {@link #pacedRate()} (a little less: the pause does not count
   * the answer's own latency).
   */
  long pacedPauseMillis() {
    return Math.max(1, Math.round(connections * 1000.0 / pacedRate));
  }

  /** The longest a run may take before the watchdog ends it (and, with it, every service). */
  Duration deadline() {
    Duration rows =
        warmup
            .plus(duration)
            .multipliedBy((long) (TARGETS + (pacedRate > 0 ? PACED_TARGETS : 0)) * rounds)
            .plus(duration.multipliedBy(Flood.Kind.values().length + 2L))
            .plus(jitWarmup.multipliedBy(4));
    return BenchStack.STARTUP.plus(Duration.ofMinutes(5)).plus(rows.multipliedBy(2));
  }

  private static List<String> words(String value) {
    return Arrays.stream(value.split("\\s+")).filter(a -> !a.isBlank()).toList();
  }

  private static int notNegative(String name, String value) {
    int parsed = Integer.parseInt(value);
    if (parsed < 0) {
      throw new IllegalArgumentException(PREFIX + name + " must be 0 or more, was " + value);
    }
    return parsed;
  }

  private static int positive(String name, String value) {
    int parsed = Integer.parseInt(value);
    if (parsed < 1) {
      throw new IllegalArgumentException(PREFIX + name + " must be at least 1, was " + value);
    }
    return parsed;
  }

  private static String property(String name, String fallback) {
    String value = System.getProperty(PREFIX + name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** {@code 500ms}, {@code 10s}, {@code 2m}, or ISO-8601 ({@code PT10S}). */
  static Duration duration(String text) {
    String value = text.toLowerCase(Locale.ROOT);
    if (value.startsWith("pt")) {
      return Duration.parse(text);
    }
    if (value.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
    }
    if (value.endsWith("s")) {
      return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
    if (value.endsWith("m")) {
      return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
    }
    throw new IllegalArgumentException("not a duration: " + text + " (use 500ms, 10s or 2m)");
  }
}
