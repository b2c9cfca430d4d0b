package dev.gatehouse.bench.soak;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints the soak's result: one row per phase, then the figures that must be 0. */
final class SoakReport {

  private SoakReport() {}

  /** Prints everything; {@code true} when every figure that must be 0 is. */
  static boolean print(
      SoakSettings settings,
      SoakRecorder recorder,
      int faults,
      Instant began,
      long heapBefore,
      long heapAfter,
      ChaosSoak.NotesCheck notes) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "Gatehouse chaos soak: %s of faults, %d users, %d event streams, 2 gateways; %d cores, %s %s (%s %s)%n",
            settings.duration(),
            settings.users(),
            settings.streams(),
            Runtime.getRuntime().availableProcessors(),
            ManagementFactory.getRuntimeMXBean().getVmName(),
            System.getProperty("java.version"),
            System.getProperty("os.name"),
            System.getProperty("os.arch")));
    out.append(
        String.format(
            "each fault held %s, then %s undisturbed; %d faults applied; status -1 = no answer (connection refused or reset)%n",
            settings.faultHold(), settings.recovery(), faults));
    out.append(
        String.format(
            "%-34s %8s %8s %8s %8s  %s%n",
            "phase", "requests", "p50 ms", "p99 ms", "max ms", "statuses"));
    out.append("-".repeat(110)).append('\n');
    for (Map.Entry<String, SoakRecorder.PhaseSummary> row : recorder.summaries().entrySet()) {
      SoakRecorder.PhaseSummary summary = row.getValue();
      if (summary.requests() == 0) {
        continue;
      }
      out.append(
          String.format(
              "%-34s %8d %8.1f %8.1f %8.0f  %s%n",
              row.getKey(),
              summary.requests(),
              millis(summary.p50()),
              millis(summary.p99()),
              millis(summary.max()),
              summary.statuses().entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(" "))));
      if (!summary.failuresByKind().isEmpty()) {
        out.append(
            String.format(
                "%-34s   5xx or no answer, by request: %s%n", "", join(summary.failuresByKind())));
      }
    }
    out.append("-".repeat(110)).append('\n');
    List<String> mismatches = recorder.mismatches();
    List<String> late = recorder.servedAfterRevocation();
    out.append(String.format("requests: %d (revocation probes included)%n", recorder.requests()));
    out.append(
        String.format(
            "identity mismatches: %d (of %d answers and stream events naming a session)%n",
            mismatches.size(), recorder.identityChecks.get()));
    out.append(
        String.format(
            "revoked sessions still served after %d s: %d (%d logouts, %d forced logouts; probes of both gateways after the bound: %s)%n",
            settings.revocationBound().toSeconds(),
            late.size(),
            recorder.logouts.get(),
            recorder.forcedLogouts.get(),
            join(recorder.probeStatuses())));
    out.append(
        String.format(
            "event streams: %d opened, %d events, %d ended after their session was revoked%n",
            recorder.streamsOpened.get(),
            recorder.streamEvents.get(),
            recorder.streamsClosedAfterRevocation.get()));
    out.append(
        String.format(
            "notes acknowledged with 2xx: %d, missing afterwards: %d%n",
            notes.acknowledged(), notes.missing()));
    out.append(
        String.format(
            "gateway-1 heap after GC: before %.1f MiB, after %.1f MiB%n",
            heapBefore / 1048576.0, heapAfter / 1048576.0));
    out.append(
        String.format("whole run: %d s%n", Duration.between(began, Instant.now()).toSeconds()));
    mismatches.stream()
        .limit(20)
        .forEach(line -> out.append("  mismatch: ").append(line).append('\n'));
    late.stream().limit(20).forEach(line -> out.append("  late: ").append(line).append('\n'));
    System.out.print(out);
    return mismatches.isEmpty() && late.isEmpty() && notes.missing() == 0;
  }

  private static String join(Map<?, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static double millis(Duration duration) {
    return duration.toNanos() / 1_000_000.0;
  }
}
