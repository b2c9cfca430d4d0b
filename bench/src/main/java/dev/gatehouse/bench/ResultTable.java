package dev.gatehouse.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The benchmark's one printed result: fixed-width tables with the machine it ran on. */
final class ResultTable {

  private static final String ROW = "%-44s %8s %7s %7s %8s %7s %7s %6s %14s %8s %6s %6s%n";

  private ResultTable() {}

  static String render(BenchReport report) {
    BenchSettings settings = report.settings();
    BenchEnvironment environment = report.environment();
    StringBuilder out = new StringBuilder();
    out.append(
        format(
            "Gatehouse benchmark, %s: %d cores (%s), %s (%s)%n"
                + "%s, %d connections, %d threads; %d sessions; upstream: %s%n"
                + "%d rounds interleaved, per target and round %s warm-up + %s measured"
                + " (after %s JIT warm-up per service path); median of rounds%n",
            environment.date(),
            environment.cores(),
            environment.cpu(),
            environment.java(),
            environment.os(),
            environment.wrk().replaceFirst(" Copyright.*", ""),
            settings.connections(),
            settings.threads(),
            settings.sessions(),
            environment.upstream(),
            settings.rounds(),
            seconds(settings.warmup()),
            seconds(settings.duration()),
            seconds(settings.jitWarmup())));
    if (!settings.gatewayArguments().isEmpty()) {
      out.append("extra gateway arguments: ")
          .append(String.join(" ", settings.gatewayArguments()))
          .append('\n');
    }
    if (!settings.gatewayJvmArguments().isEmpty()) {
      out.append("extra gateway JVM options: ")
          .append(String.join(" ", settings.gatewayJvmArguments()))
          .append('\n');
    }
    if (!settings.authServiceJvmArguments().isEmpty()) {
      out.append("extra auth-service JVM options: ")
          .append(String.join(" ", settings.authServiceJvmArguments()))
          .append('\n');
    }
    String header = tableHeader(out);
    String rule = "-".repeat(header.stripTrailing().length()) + "\n";
    out.append(rule);
    appendRows(out, report.targets());
    out.append(rule);
    if (!report.paced().isEmpty()) {
      out.append(
          format(
              "paced: about %,d req/s in all (each connection waits %d ms between an answer and"
                  + " its next request), the same %d rounds interleaved; median of rounds%n",
              settings.pacedRate(), settings.pacedPauseMillis(), settings.rounds()));
      tableHeader(out);
      out.append(rule);
      appendRows(out, report.paced());
      out.append(rule);
    }
    appendChecks(out, report.checks());
    FloodTable.append(out, settings, report.floods());
    RevocationResult revocation = report.revocation();
    out.append(
        format(
            "revocation propagation (n=%d): logout at auth-service -> first 401 at the warm gateway%n"
                + "  min %d ms, median %d ms, max %d ms"
                + "   (no Redis: via the revocation feed, polled every 1 s)%n",
            revocation.delays().size(),
            revocation.min().toMillis(),
            revocation.median().toMillis(),
            revocation.max().toMillis()));
    if (report.targets().stream().noneMatch(r -> r.target().key().equals(BenchTarget.NGINX))) {
      out.append("nginx auth_request peers (e), (f): not measured (")
          .append(environment.nginx())
          .append(")\n");
    }
    out.append(format("whole run: %d s%n", report.wallTime().toSeconds()));
    return out.toString();
  }

  private static String tableHeader(StringBuilder out) {
    String header =
        format(
            ROW,
            "",
            "req/s",
            "p50 ms",
            "p99 ms",
            "p99.9 ms",
            "max ms",
            "errors",
            "vs (c)",
            "introspections",
            "CPU us/req",
            "",
            "");
    out.append(header);
    out.append(
        format(ROW, "", "", "", "", "", "", "", "", "per 10k req", "gateway", "auth", "nginx"));
    return header;
  }

  private static void appendRows(StringBuilder out, List<TargetResult> results) {
    double warm =
        results.stream()
            .filter(result -> result.target().key().equals(BenchTarget.WARM))
            .mapToDouble(TargetResult::requestsPerSecond)
            .findFirst()
            .orElse(Double.NaN);
    for (TargetResult result : results) {
      out.append(
          format(
              ROW,
              result.target().title(),
              format("%,.0f", result.requestsPerSecond()),
              format("%.2f", result.p50Millis()),
              format("%.2f", result.p99Millis()),
              format("%.2f", result.p999Millis()),
              format("%.1f", result.maxMillis()),
              format("%,d", result.errors()),
              ratio(result.requestsPerSecond(), warm),
              oneDecimal(result.introspectionsPer10k()),
              whole(result.gatewayCpuMicrosPerRequest()),
              whole(result.authServiceCpuMicrosPerRequest()),
              whole(result.nginxCpuMicrosPerRequest())));
    }
  }

  private static void appendChecks(StringBuilder out, List<IssueTargets.Check> checks) {
    if (checks.isEmpty()) {
      return;
    }
    out.append("issue 14 targets (median of the per-round values):\n");
    for (IssueTargets.Check check : checks) {
      out.append(
          format(
              "  %-40s %8s  target %s %s  %-6s  rounds: %s%n",
              check.name(),
              value(check.value(), check.unit()),
              check.atLeast() ? ">=" : "<=",
              value(check.bound(), check.unit()),
              check.met() ? "met" : "missed",
              Arrays.stream(check.perRound())
                  .mapToObj(v -> value(v, check.unit()))
                  .collect(Collectors.joining(" "))));
    }
  }

  /** {@code -} where row (c) got no answer in this run (a starved machine): no ratio to show. */
  private static String ratio(double value, double warm) {
    double ratio = value / warm;
    return Double.isFinite(ratio) ? format("%.2f", ratio) : "-";
  }

  private static String value(double value, String unit) {
    if (!Double.isFinite(value)) {
      return "-";
    }
    return unit.equals("ms") ? format("%+.1f ms", value) : format("%.2f x", value);
  }

  private static String oneDecimal(@Nullable Double value) {
    return value == null ? "-" : format("%,.1f", value);
  }

  private static String whole(@Nullable Double value) {
    return value == null ? "-" : format("%,.0f", value);
  }

  static String seconds(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  static String format(String pattern, Object... arguments) {
    return String.format(Locale.ROOT, pattern, arguments);
  }
}
