package dev.gatehouse.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The benchmark's one printed result: a fixed-width table with the machine it ran on. */
final class ResultTable {

  private static final String ROW = "%-38s %8s %7s %7s %6s %6s %14s %8s %6s%n";
  private static final String FLOOD_ROW = "%-44s %7s %7s %7s %6s %14s %7s %7s %7s%n";

  private ResultTable() {}

  static String render(
      BenchSettings settings,
      List<Row> rows,
      List<FloodRow> floods,
      RevocationResult revocation,
      String nginx,
      Duration wallTime) {
    StringBuilder out = new StringBuilder();
    out.append(
        format(
            "Gatehouse benchmark: %d cores, %s %s (%s %s)%n"
                + "%d requests in flight; %s JIT warm-up per gateway, then per row %s warm-up"
                + " + %s measured; %d sessions%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"),
            System.getProperty("java.runtime.version"),
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            settings.concurrency(),
            seconds(settings.jitWarmup()),
            seconds(settings.warmup()),
            seconds(settings.duration()),
            settings.sessions()));
    if (!settings.gatewayArguments().isEmpty()) {
      out.append("extra gateway arguments: ")
          .append(String.join(" ", settings.gatewayArguments()))
          .append('\n');
    }
    String header =
        format(
            ROW,
            "",
            "req/s",
            "p50 ms",
            "p99 ms",
            "vs (a)",
            "failed",
            "introspections",
            "CPU us/req",
            "");
    out.append(header);
    out.append(format(ROW, "", "", "", "", "", "", "per 10k req", "gateway", "auth"));
    String rule = "-".repeat(header.stripTrailing().length()) + "\n";
    out.append(rule);
    double baseline = rows.get(0).measurement().requestsPerSecond();
    for (Row row : rows) {
      Measurement m = row.measurement();
      out.append(
          format(
              ROW,
              row.label(),
              format("%,.0f", m.requestsPerSecond()),
              format("%.2f", m.p50Millis()),
              format("%.2f", m.p99Millis()),
              format("%.3f", m.requestsPerSecond() / baseline),
              format("%,d", m.failed()),
              oneDecimal(row.introspectionsPer10k()),
              whole(row.gatewayCpuMicrosPerRequest()),
              whole(row.authServiceCpuMicrosPerRequest())));
    }
    out.append(rule);
    if (!floods.isEmpty()) {
      out.append(
          format(
              "flood: one client (%s, %d in flight) sends a new bearer token per request for %s,"
                  + "%n  while the real users (127.0.0.1, %d in flight, the bench's sessions) keep"
                  + " requesting through the same gateway%n",
              Flood.ADDRESS,
              settings.floodConcurrency(),
              seconds(settings.duration()),
              settings.concurrency()));
      String floodHeader =
          format(
              FLOOD_ROW,
              "",
              "flood",
              "401",
              "429",
              "other",
              "introspections",
              "users",
              "users",
              "users");
      out.append(floodHeader);
      out.append(format(FLOOD_ROW, "", "req/s", "", "", "", "per s", "req/s", "ok %", "p99 ms"));
      out.append("-".repeat(floodHeader.stripTrailing().length())).append('\n');
      for (FloodRow row : floods) {
        Flood.Result flood = row.flood();
        out.append(
            format(
                FLOOD_ROW,
                row.label(),
                format("%,.0f", flood.requestsPerSecond()),
                format("%,d", flood.count(401)),
                format("%,d", flood.count(429)),
                format("%,d", flood.others()),
                format("%,.1f", row.introspectionsPerSecond()),
                format("%,.0f", row.users().requestsPerSecond()),
                format("%.2f", row.usersSuccessPercent()),
                format("%.2f", row.users().p99Millis())));
      }
      out.append("-".repeat(floodHeader.stripTrailing().length())).append('\n');
      for (FloodRow row : floods) {
        String others = row.flood().othersDetail();
        if (!others.isEmpty()) {
          out.append("  other answers to the flood, ").append(row.label()).append(": ");
          out.append(others).append('\n');
        }
      }
    }
    out.append(
        format(
            "revocation propagation (n=%d): logout at auth-service -> first 401 at the warm gateway%n"
                + "  min %d ms, median %d ms, max %d ms"
                + "   (no Redis: via the revocation feed, polled every 1 s)%n",
            revocation.delays().size(),
            revocation.min().toMillis(),
            revocation.median().toMillis(),
            revocation.max().toMillis()));
    out.append(nginx).append('\n');
    out.append(format("whole run: %d s%n", wallTime.toSeconds()));
    return out.toString();
  }

  private static String oneDecimal(@Nullable Double value) {
    return value == null ? "-" : format("%,.1f", value);
  }

  private static String whole(@Nullable Double value) {
    return value == null ? "-" : format("%,.0f", value);
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  private static String format(String pattern, Object... arguments) {
    return String.format(Locale.ROOT, pattern, arguments);
  }
}
