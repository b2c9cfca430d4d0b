package dev.gatehouse.bench;

import dev.gatehouse.testsupport.process.ServiceProcess;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a row observes besides its own load, read before and after the measurement: the gateway's
 * introspection calls and the CPU time the gateway and auth-service processes used. CPU per request
 * is the steadier number on a shared machine, where throughput also depends on what else runs.
 *
 * @param introspections the gateway's introspection counter, or {@code null} where none applies
 * @param gateway the gateway the row goes through, or {@code null} (the direct row)
 * @param authService auth-service, or {@code null} (the direct row)
 */
record Watch(
    @Nullable IntrospectionCounter introspections,
    @Nullable ServiceProcess gateway,
    @Nullable ServiceProcess authService) {

  static final Watch NOTHING = new Watch(null, null, null);

  /** The counters at one moment. */
  record Reading(long introspections, Duration gatewayCpu, Duration authServiceCpu) {}

  /** The per-row differences; {@code null} where this watch does not apply. */
  record Delta(
      @Nullable Long introspections,
      @Nullable Duration gatewayCpu,
      @Nullable Duration authServiceCpu) {}

  Reading read() {
    return new Reading(
        introspections == null ? 0 : introspections.read(),
        gateway == null ? Duration.ZERO : gateway.cpuTime(),
        authService == null ? Duration.ZERO : authService.cpuTime());
  }

  Delta since(Reading before) {
    Reading now = read();
    return new Delta(
        introspections == null ? null : now.introspections() - before.introspections(),
        gateway == null ? null : now.gatewayCpu().minus(before.gatewayCpu()),
        authService == null ? null : now.authServiceCpu().minus(before.authServiceCpu()));
  }
}
