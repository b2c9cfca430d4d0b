package dev.gatehouse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where and with what a run measured, for the table's heading and the CSV: the services run on the
 * benchmark's own JVM ({@code gatehouse.bench.java-home} chooses it), so its version is theirs.
 *
 * @param started when the run began
 * @param cores processors the JVM sees
 * @param cpu the CPU's model name from {@code /proc/cpuinfo}
 * @param java the services' JVM and version
 * @param os operating system and architecture
 * @param wrk wrk's version line
 * @param upstream what answers behind every target
 * @param nginx nginx's version line, or why the peer rows are missing
 */
record BenchEnvironment(
    Instant started,
    int cores,
    String cpu,
    String java,
    String os,
    String wrk,
    String upstream,
    String nginx) {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException ex) {
      return "unknown CPU";
    }
  }

  static String javaRuntime() {
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
  }

  static String operatingSystem() {
    return System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }

  /** {@code 20261202-071500}: the results' file names. */
  String stamp() {
    return STAMP.format(started);
  }

  String date() {
    return READABLE.format(started);
  }
}
