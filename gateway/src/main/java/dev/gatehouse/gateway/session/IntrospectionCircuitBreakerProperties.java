package dev.gatehouse.gateway.session;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The circuit breaker around introspection calls to auth-service. Only failures that mean
 * "auth-service unavailable" count (timeouts, connection errors, 5xx); an inactive session and a
 * 4xx never do. While the breaker is open, a session that is not cached gets 503 with {@code
 * Retry-After} at once, without a call; cached sessions are served as before (stale-if-error).
 *
 * @param enabled whether introspection calls go through the breaker at all
 * @param failureRateThreshold the percentage of failed calls within the sliding window that opens
 *     the breaker
 * @param minimumNumberOfCalls how many calls the window must hold before the failure rate is
 *     judged, so one failed call of a quiet instance does not open it
 * @param slidingWindow the time window (whole seconds) over which calls are counted
 * @param waitInOpenState how long the breaker stays open before it lets probe calls through
 *     (half-open); also what {@code Retry-After} counts down to
 * @param permittedCallsInHalfOpenState how many probe calls are let through once the wait is over;
 *     the breaker closes if their failure rate stays below the threshold, else opens for another
 *     wait
 */
@Validated
@ConfigurationProperties("gatehouse.introspection.circuit-breaker")
record IntrospectionCircuitBreakerProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
    @DefaultValue("5") @Min(1) int minimumNumberOfCalls,
    @DefaultValue("10s") @NotNull Duration slidingWindow,
    @DefaultValue("5s") @NotNull Duration waitInOpenState,
    @DefaultValue("2") @Min(1) int permittedCallsInHalfOpenState) {}
