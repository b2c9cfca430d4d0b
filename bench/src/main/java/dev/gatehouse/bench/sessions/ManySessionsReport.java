package dev.gatehouse.bench.sessions;

import java.time.Duration;
import java.util.DoubleSummaryStatistics;
import java.util.List;

/** The table {@link ManySessions} prints. */
final class ManySessionsReport {

  /** The largest spread of the second half's heap samples, relative to their mean, that is flat. */
  static final double FLAT_SPREAD = 0.10;

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
      List<HeapSamples.Sample> heap,
      long staleMaxSize) {
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
                  heap.get(0).heapMiB().get(i),
                  heap.get(heap.size() - 1).heapMiB().get(i)));
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
    out.append(heapTable(names, heap, staleMaxSize));
    return out.toString();
  }

  /**
   * The heap samples, and whether each gateway's heap levelled off: over the second half of the
   * measurement, after the bounded per-session caches had time to fill, its spread stays within
   * {@link #FLAT_SPREAD} of its mean.
   */
  static String heapTable(List<String> names, List<HeapSamples.Sample> heap, long staleMaxSize) {
    StringBuilder out = new StringBuilder();
    out.append(
        "heap after a full GC (MiB) and stale-if-error entries (bound %,d), sampled while the load ran%n"
            .formatted(staleMaxSize));
    out.append("%9s".formatted("elapsed"));
    names.forEach(name -> out.append(" %14s %9s".formatted(name + " heap", "stale")));
    out.append("%n".formatted());
    for (HeapSamples.Sample sample : heap) {
      out.append("%7d s".formatted(sample.elapsed().toSeconds()));
      for (int i = 0; i < names.size(); i++) {
        out.append(
            " %14.1f %,9.0f".formatted(sample.heapMiB().get(i), sample.staleEntries().get(i)));
      }
      out.append("%n".formatted());
    }
    Duration end = heap.get(heap.size() - 1).elapsed();
    List<HeapSamples.Sample> secondHalf =
        heap.stream().filter(s -> s.elapsed().compareTo(end.dividedBy(2)) >= 0).toList();
    for (int i = 0; i < names.size(); i++) {
      int gateway = i;
      DoubleSummaryStatistics mib =
          secondHalf.stream().mapToDouble(s -> s.heapMiB().get(gateway)).summaryStatistics();
      double spread = (mib.getMax() - mib.getMin()) / mib.getAverage();
      out.append(
          "%s: from %d s to %d s (%d samples) heap %.1f-%.1f MiB, spread %.1f %% of its mean: %s (flat: <= %.0f %%)%n"
              .formatted(
                  names.get(i),
                  secondHalf.get(0).elapsed().toSeconds(),
                  end.toSeconds(),
                  secondHalf.size(),
                  mib.getMin(),
                  mib.getMax(),
                  100 * spread,
                  secondHalf.size() < 3
                      ? "too few samples to judge"
                      : spread <= FLAT_SPREAD ? "flat" : "not flat",
                  100 * FLAT_SPREAD));
    }
    return out.toString();
  }
}
