package dev.gatehouse.bench.sessions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmark reads from a gateway: Prometheus samples from its management port, and its
 * heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}).
 */
final class GatewayMetrics {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private GatewayMetrics() {}

  /** A snapshot of the gateway's Gatehouse cache meters. */
  record Snapshot(double l1Hits, double l1Misses, double l1Joins, double l1Entries, double calls) {

    Snapshot minus(Snapshot earlier) {
      return new Snapshot(
          l1Hits - earlier.l1Hits,
          l1Misses - earlier.l1Misses,
          l1Joins - earlier.l1Joins,
          l1Entries,
          calls - earlier.calls);
    }

    double l1HitRate() {
      double lookups = l1Hits + l1Misses + l1Joins;
      return lookups == 0 ? 0 : l1Hits / lookups;
    }
  }

  static Snapshot read(URI management) {
    String scrape = text(management.resolve("/actuator/prometheus"));
    return new Snapshot(
        sum(scrape, "gatehouse_introspection_cache_total", "level=\"l1\",result=\"hit\""),
        sum(scrape, "gatehouse_introspection_cache_total", "level=\"l1\",result=\"miss\""),
        sum(scrape, "gatehouse_introspection_cache_total", "level=\"l1\",result=\"join\""),
        sum(scrape, "gatehouse_introspection_cache_indexed", "level=\"l1\""),
        sum(scrape, "gatehouse_introspection_calls_seconds_count", ""));
  }

  /** The sum of every sample of {@code metric} whose labels contain {@code labels}. */
  static double sum(String scrape, String metric, String labels) {
    double total = 0;
    for (String line : scrape.split("\n")) {
      if ((line.startsWith(metric + "{") || line.startsWith(metric + " "))
          && line.contains(labels)) {
        String sample = line.substring(line.lastIndexOf('}') + 1).trim();
        total += Double.parseDouble(sample.split(" ")[0]);
      }
    }
    return total;
  }

  /** Heap in use after a full collection, in MiB. */
  static double heapAfterGcMiB(long pid) {
    jcmd(pid, "GC.run");
    Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
    if (!used.find()) {
      throw new IllegalStateException("no heap size in jcmd GC.heap_info of " + pid);
    }
    return Long.parseLong(used.group(1)) / 1024.0;
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + command + " failed: " + output);
      }
      return output;
    } catch (IOException ex) {
      throw new IllegalStateException("could not run jcmd", ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    }
  }

  private static String text(URI uri) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(uri + " answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException ex) {
      throw new IllegalStateException("could not read " + uri, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    }
  }
}
