package dev.gatehouse.bench.sessions;

import java.time.Duration;
import java.util.List;

/** The table {@link ManySessions} prints. */
final class ManySessionsReport {

  private ManySessionsReport() {}

  static String render(
      int sessions,
      int connections,
      Duration duration,
      Duration l2Ttl,
      long l1MaxSize,
      List<String> names,
      List<Wrk.Result> results,
      List<GatewayMetrics.Snapshot> during,
      List<Double> heapStart,
      List<Double> heapEnd) {
    StringBuilder out = new StringBuilder();
    out.append(
        "Many sessions: %d cores, %s %s; %,d sessions, 2 gateways sharing Redis, wrk %d connections, %d s measured%n"
            .formatted(
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                sessions,
                connections,
                duration.toSeconds()));
    out.append(
        "%-10s %9s %8s %8s %7s %13s %10s %12s %9s %9s%n"
            .formatted(
                "gateway",
                "req/s",
                "p50 ms",
                "p99 ms",
                "failed",
                "introspect.",
                "L1 hit %",
                "L1 entries",
                "heap MiB",
                "heap MiB"));
    out.append(
        "%-10s %9s %8s %8s %7s %13s %10s %12s %9s %9s%n"
            .formatted("", "", "", "", "", "", "", "(max " + l1MaxSize + ")", "start", "end"));
    double calls = 0;
    long requests = 0;
    for (int i = 0; i < names.size(); i++) {
      Wrk.Result result = results.get(i);
      GatewayMetrics.Snapshot snapshot = during.get(i);
      calls += snapshot.calls();
      requests += result.requests();
      out.append(
          "%-10s %,9.0f %8.2f %8.2f %7d %,13.0f %10.1f %,12.0f %9.1f %9.1f%n"
              .formatted(
                  names.get(i),
                  result.perSecond(),
                  result.p50Millis(),
                  result.p99Millis(),
                  result.failed(),
                  snapshot.calls(),
                  100 * snapshot.l1HitRate(),
                  snapshot.l1Entries(),
                  heapStart.get(i),
                  heapEnd.get(i)));
    }
    double ttlWindows = (double) duration.toMillis() / l2Ttl.toMillis();
    out.append(
        "requests %,d; introspections at auth-service %,.0f = %.3f per session per L2 TTL (%d s; target <= 1)%n"
            .formatted(requests, calls, calls / sessions / ttlWindows, l2Ttl.toSeconds()));
    out.append(
        "each session was asked %.2f times per L2 TTL (both gateways together); introspections per request %.3f%n"
            .formatted(requests / (double) sessions / ttlWindows, calls / Math.max(1, requests)));
    if (requests < sessions) {
      // Fewer requests than sessions: the per-TTL figure above says nothing about L2 sharing.
      out.append(
          "  too little load to ask every session once per L2 TTL: the per-session figure is no"
              + " measure of L2 sharing on this run\n");
    }
    return out.toString();
  }
}
