package dev.gatehouse.gateway.session;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;

/**
 * The Resilience4j circuit breaker {@value #NAME} around introspection calls. It counts only
 * outages ({@link IntrospectionUnavailableException#isOutage()}); while it is open a call fails at
 * once with {@link IntrospectionUnavailableException#circuitOpen}, carrying the time until the next
 * probe. Half-open probes are the next calls after the wait: no timer thread, so the injected
 * {@link Clock} decides every transition. Its meters are Resilience4j's tagged ones ({@code
 * resilience4j.circuitbreaker.*}, tag {@code name=introspection}).
 */
final class IntrospectionCircuitBreaker {

  static final String NAME = "introspection";

  private static final Logger log = LoggerFactory.getLogger(IntrospectionCircuitBreaker.class);

  private final CircuitBreaker breaker;
  private final boolean enabled;
  private final Duration wait;
  private final Clock clock;
  private final AtomicReference<Instant> probeAt = new AtomicReference<>(Instant.MIN);

  IntrospectionCircuitBreaker(
      IntrospectionCircuitBreakerProperties properties, Clock clock, MeterRegistry meters) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    Assert.notNull(meters, "meters cannot be null");
    this.enabled = properties.enabled();
    this.wait = properties.waitInOpenState();
    this.clock = clock;
    CircuitBreakerConfig config =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
            .slidingWindowSize((int) Math.max(1, properties.slidingWindow().toSeconds()))
            .minimumNumberOfCalls(properties.minimumNumberOfCalls())
            .failureRateThreshold(properties.failureRateThreshold())
            .waitDurationInOpenState(properties.waitInOpenState())
            .permittedNumberOfCallsInHalfOpenState(properties.permittedCallsInHalfOpenState())
            .recordException(IntrospectionCircuitBreaker::isOutage)
            .clock(clock)
            .build();
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(config);
    this.breaker = registry.circuitBreaker(NAME);
    breaker
        .getEventPublisher()
        .onStateTransition(event -> transitioned(event.getStateTransition()));
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
  }

  /** {@code call} through the breaker: refused at once while open, its outcome recorded. */
  Mono<Introspection> protect(Mono<Introspection> call) {
    if (!enabled) {
      return call;
    }
    return call.transformDeferred(CircuitBreakerOperator.of(breaker))
        .onErrorMap(CallNotPermittedException.class, refused -> circuitOpen());
  }

  /** Back to closed with an empty window, as after a restart; for tests that share a gateway. */
  void reset() {
    breaker.reset();
    probeAt.set(Instant.MIN);
  }

  CircuitBreaker.State state() {
    return breaker.getState();
  }

  /** The failure rate (percent) over the sliding window; negative until enough calls were made. */
  float failureRate() {
    return breaker.getMetrics().getFailureRate();
  }

  /**
   * How long until the breaker lets a probe through: while open, the rest of the wait; half-open
   * with every probe in flight, or closed, at least a second (the floor of {@code Retry-After}).
   */
  Duration untilProbe() {
    Duration left = Duration.between(clock.instant(), probeAt.get());
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }

  private IntrospectionUnavailableException circuitOpen() {
    Duration retryAfter = untilProbe();
    // Round up: a client that waits Retry-After seconds must find the breaker ready to probe.
    long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
    return IntrospectionUnavailableException.circuitOpen(Duration.ofSeconds(seconds));
  }

  private void transitioned(CircuitBreaker.StateTransition transition) {
    switch (transition.getToState()) {
      case OPEN -> {
        probeAt.set(clock.instant().plus(wait));
        log.warn(
            "introspection circuit breaker {}: auth-service failing (failure rate {}%); uncached"
                + " sessions get 503 for {} before the next probe",
            transition, Math.round(breaker.getMetrics().getFailureRate()), wait);
      }
      case CLOSED ->
          log.info("introspection circuit breaker {}: auth-service answers again", transition);
      default -> log.info("introspection circuit breaker {}", transition);
    }
  }

  private static boolean isOutage(Throwable failure) {
    return failure instanceof IntrospectionUnavailableException unavailable
        && unavailable.isOutage();
  }

  @Override
  public String toString() {
    return "IntrospectionCircuitBreaker[" + breaker.getState() + "]";
  }
}
