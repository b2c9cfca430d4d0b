package dev.gatehouse.gateway.session;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The introspection circuit breaker's state, as {@code introspectionCircuitBreaker} in {@code
 * /actuator/health}: {@code UP} while closed, {@value #OPEN} or {@value #HALF_OPEN} otherwise.
 * These two statuses are deliberately outside Spring Boot's status order, so they never make the
 * gateway DOWN: an open breaker means auth-service is failing for every instance at once, and a
 * load balancer that dropped every gateway would also cut off the cached sessions, anonymous routes
 * and the JWKS that still work.
 */
@Component("introspectionCircuitBreaker")
final class IntrospectionCircuitBreakerHealthIndicator implements ReactiveHealthIndicator {

  static final String OPEN = "CIRCUIT_OPEN";
  static final String HALF_OPEN = "CIRCUIT_HALF_OPEN";

  private final IntrospectionCircuitBreaker breaker;

  IntrospectionCircuitBreakerHealthIndicator(IntrospectionCircuitBreaker breaker) {
    this.breaker = breaker;
  }

  @Override
  public Mono<Health> health() {
    return Mono.fromSupplier(this::current);
  }

  private Health current() {
    CircuitBreaker.State state = breaker.state();
    Health.Builder health =
        switch (state) {
          case OPEN, FORCED_OPEN -> Health.status(new Status(OPEN));
          case HALF_OPEN -> Health.status(new Status(HALF_OPEN));
          default -> Health.up();
        };
    health.withDetail("state", state.name()).withDetail("failureRate", breaker.failureRate());
    if (state != CircuitBreaker.State.CLOSED) {
      health.withDetail("retryAfterSeconds", breaker.untilProbe().toSeconds());
    }
    return health.build();
  }
}
