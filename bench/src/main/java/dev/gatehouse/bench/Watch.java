package dev.gatehouse.bench;

import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a row observes besides its own load, read before and after each measured round: the
 * gateway's introspection calls and the CPU time the gateway, auth-service and nginx peer processes
 * used (from {@code /proc}, all threads, user and system). CPU per request is the steadier number
 * on a shared machine, where throughput also depends on what else runs.
 *
 * @param introspections the gateway's introspection counter, or {@code null} where none applies
 * @param gateway the gateway's CPU clock, or {@code null} where the row passes no gateway
 * @param authService auth-service's CPU clock, or {@code null} where the row never reaches it
 * @param nginx the nginx peer's CPU clock (master and workers), or {@code null}
 */
record Watch(
    @Nullable IntrospectionCounter introspections,
    @Nullable Supplier<Duration> gateway,
    @Nullable Supplier<Duration> authService,
    @Nullable Supplier<Duration> nginx) {

  static final Watch NOTHING = new Watch(null, null, null, null);

  /** The counters at one moment. */
  record Reading(
      long introspections, Duration gatewayCpu, Duration authServiceCpu, Duration nginxCpu) {}

  /** The per-round differences; {@code null} where this watch does not apply. */
  record Delta(
      @Nullable Long introspections,
      @Nullable Duration gatewayCpu,
      @Nullable Duration authServiceCpu,
      @Nullable Duration nginxCpu) {}

  Reading read() {
    return new Reading(
        introspections == null ? 0 : introspections.read(),
        cpu(gateway),
        cpu(authService),
        cpu(nginx));
  }

  Delta since(Reading before) {
    Reading now = read();
    return new Delta(
        introspections == null ? null : now.introspections() - before.introspections(),
        gateway == null ? null : now.gatewayCpu().minus(before.gatewayCpu()),
        authService == null ? null : now.authServiceCpu().minus(before.authServiceCpu()),
        nginx == null ? null : now.nginxCpu().minus(before.nginxCpu()));
  }

  private static Duration cpu(@Nullable Supplier<Duration> clock) {
    return clock == null ? Duration.ZERO : clock.get();
  }
}
