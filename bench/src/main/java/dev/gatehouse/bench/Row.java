package dev.gatehouse.bench;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One line of the table.
 *
 * @param label what was measured
 * @param measurement the load's result
 * @param watched introspection calls and CPU time during the measurement
 */
record Row(String label, Measurement measurement, Watch.Delta watched) {

  /** Introspection calls per 10 000 requests, or {@code null} where that does not apply. */
  @Nullable Double introspectionsPer10k() {
    Long calls = watched.introspections();
    return calls == null ? null : perRequest(calls) * 10_000.0;
  }

  /** The gateway's CPU time per request in microseconds, or {@code null}. */
  @Nullable Double gatewayCpuMicrosPerRequest() {
    return microsPerRequest(watched.gatewayCpu());
  }

  /** auth-service's CPU time per request in microseconds, or {@code null}. */
  @Nullable Double authServiceCpuMicrosPerRequest() {
    return microsPerRequest(watched.authServiceCpu());
  }

  private @Nullable Double microsPerRequest(@Nullable Duration cpu) {
    return cpu == null ? null : perRequest(cpu.toNanos() / 1000.0);
  }

  private double perRequest(double amount) {
    return measurement.total() == 0 ? 0 : amount / measurement.total();
  }
}
