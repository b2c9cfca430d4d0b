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
 * @param workDir where service logs, the gateway's extra configuration and the H2 file go
 * @param jitWarmup load on each gateway before the first row (half on {@code /plain/x}, half on
 *     {@code /gh/x}), not recorded: a gateway JVM needs tens of seconds of load before its JIT
 *     compiler has caught up, and measured cold it looks two to three times slower
 * @param warmup load before each measurement, not recorded
 * @param duration how long each row is measured
 * @param concurrency requests in flight at any time (one connection each)
 * @param floodConcurrency requests the hostile client of the flood phases keeps in flight
 * @param maxRequests a bound on the requests of one measurement, whatever its duration
 * @param sessions how many sessions the Gatehouse rows use round-robin
 * @param revocations how many logouts the revocation probe times
 * @param gatewayArguments extra command-line arguments for both gateways (space-separated in {@code
 *     gatehouse.bench.gateway-args}), e.g. {@code --logging.level.gatehouse.access=WARN}
 */
record BenchSettings(
    Path authServiceJar,
    Path gatewayJar,
    Path workDir,
    Duration jitWarmup,
    Duration warmup,
    Duration duration,
    int concurrency,
    int floodConcurrency,
    long maxRequests,
    int sessions,
    int revocations,
    List<String> gatewayArguments) {

  private static final String PREFIX = "gatehouse.bench.";

  static BenchSettings fromSystemProperties() {
    return new BenchSettings(
        Path.of(property("auth-service-jar", "auth-service.jar")),
        Path.of(property("gateway-jar", "gateway.jar")),
        Path.of(property("work-dir", "target/bench")).toAbsolutePath(),
        duration(property("jit-warmup", "20s")),
        duration(property("warmup", "5s")),
        duration(property("duration", "10s")),
        Integer.parseInt(property("concurrency", "32")),
        Integer.parseInt(property("flood-concurrency", "16")),
        Long.parseLong(property("max-requests", "1000000")),
        Integer.parseInt(property("sessions", "100")),
        Integer.parseInt(property("revocations", "10")),
        Arrays.stream(property("gateway-args", "").split("\\s+"))
            .filter(a -> !a.isBlank())
            .toList());
  }

  /** The longest a run may take before the watchdog ends it (and, with it, every service). */
  Duration deadline() {
    Duration rows =
        warmup
            .plus(duration)
            .multipliedBy(4)
            .plus(duration.multipliedBy(Flood.Kind.values().length + 2L))
            .plus(jitWarmup.multipliedBy(2));
    return Duration.ofMinutes(4).plus(rows.multipliedBy(2));
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
