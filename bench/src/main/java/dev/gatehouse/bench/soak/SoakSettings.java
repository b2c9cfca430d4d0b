package dev.gatehouse.bench.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The soak's knobs, from system properties ({@code -Dgatehouse.soak.duration=10m}).
 *
 * @param duration how long traffic and faults run (after a short warm-up)
 * @param users concurrent users, each logging in, calling the API, writing notes, logging out
 * @param streams concurrent event streams ({@code /api/events})
 * @param faultHold how long a fault lasts before the service is restarted or thawed
 * @param recovery how long traffic runs undisturbed after each fault
 * @param revocationBound how long after a logout or forced logout a session may still be served:
 *     the README's bound with one dependency down ({@code l1-ttl} 5 s + {@code poll-interval} 1 s)
 */
record SoakSettings(
    Path authServiceJar,
    Path gatewayJar,
    Path backendJar,
    Path workDir,
    Duration duration,
    int users,
    int streams,
    Duration faultHold,
    Duration recovery,
    Duration revocationBound) {

  static SoakSettings fromSystemProperties() {
    return new SoakSettings(
        Path.of(required("gatehouse.bench.auth-service-jar")),
        Path.of(required("gatehouse.bench.gateway-jar")),
        Path.of(required("gatehouse.bench.demo-backend-jar")),
        Path.of(System.getProperty("gatehouse.bench.work-dir", "target/soak")),
        duration("gatehouse.soak.duration", "10m"),
        Integer.parseInt(System.getProperty("gatehouse.soak.users", "8")),
        Integer.parseInt(System.getProperty("gatehouse.soak.streams", "2")),
        duration("gatehouse.soak.fault-hold", "20s"),
        duration("gatehouse.soak.recovery", "20s"),
        Duration.ofSeconds(6));
  }

  private static String required(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("set -D" + name + " (the pom does)");
    }
    return value;
  }

  /** {@code 90s}, {@code 10m}, {@code 1h} or an ISO-8601 duration. */
  static Duration duration(String name, String fallback) {
    String value = System.getProperty(name, fallback).trim();
    if (value.isEmpty()) {
      value = fallback;
    }
    char unit = value.charAt(value.length() - 1);
    String number = value.substring(0, value.length() - 1);
    return switch (unit) {
      case 's' -> Duration.ofSeconds(Long.parseLong(number));
      case 'm' -> Duration.ofMinutes(Long.parseLong(number));
      case 'h' -> Duration.ofHours(Long.parseLong(number));
      default -> Duration.parse(value);
    };
  }
}
