package dev.gatehouse.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * A target's rounds and what the table shows of them: the median over rounds of throughput and of
 * each latency percentile (each column on its own), failures summed, and introspection calls and
 * CPU time per request over all rounds together (total over total, steadier than a median of
 * ratios).
 */
record TargetResult(BenchTarget target, List<RoundResult> rounds) {

  TargetResult {
    rounds = List.copyOf(rounds);
  }

  double requestsPerSecond() {
    return median(round -> round.wrk().requestsPerSecond());
  }

  double p50Millis() {
    return medianMillis(WrkResult::p50Micros);
  }

  double p90Millis() {
    return medianMillis(WrkResult::p90Micros);
  }

  double p99Millis() {
    return medianMillis(WrkResult::p99Micros);
  }

  double p999Millis() {
    return medianMillis(WrkResult::p999Micros);
  }

  double maxMillis() {
    return medianMillis(WrkResult::maxMicros);
  }

  long errors() {
    return rounds.stream().mapToLong(round -> round.wrk().errors()).sum();
  }

  /** Introspection calls per 10 000 requests, or {@code null} where that does not apply. */
  @Nullable Double introspectionsPer10k() {
    if (rounds.isEmpty() || rounds.get(0).watched().introspections() == null) {
      return null;
    }
    long calls = rounds.stream().mapToLong(round -> round.watched().introspections()).sum();
    return perRequest(calls) * 10_000.0;
  }

  @Nullable Double gatewayCpuMicrosPerRequest() {
    return microsPerRequest(Watch.Delta::gatewayCpu);
  }

  @Nullable Double authServiceCpuMicrosPerRequest() {
    return microsPerRequest(Watch.Delta::authServiceCpu);
  }

  @Nullable Double nginxCpuMicrosPerRequest() {
    return microsPerRequest(Watch.Delta::nginxCpu);
  }

  private @Nullable Double microsPerRequest(Function<Watch.Delta, @Nullable Duration> cpu) {
    if (rounds.isEmpty() || cpu.apply(rounds.get(0).watched()) == null) {
      return null;
    }
    double micros =
        rounds.stream()
            .map(round -> cpu.apply(round.watched()))
            .mapToDouble(used -> used == null ? 0 : used.toNanos() / 1000.0)
            .sum();
    return perRequest(micros);
  }

  private double perRequest(double amount) {
    long requests = rounds.stream().mapToLong(round -> round.wrk().attempted()).sum();
    return requests == 0 ? 0 : amount / requests;
  }

  private double medianMillis(java.util.function.ToLongFunction<WrkResult> micros) {
    return median(round -> WrkResult.millis(micros.applyAsLong(round.wrk())));
  }

  private double median(ToDoubleFunction<RoundResult> value) {
    return Medians.of(rounds.stream().mapToDouble(value).toArray());
  }
}
