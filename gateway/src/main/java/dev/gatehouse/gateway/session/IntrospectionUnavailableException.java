package dev.gatehouse.gateway.session;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Auth-service could not answer (connection refused, timeout, 5xx, a malformed answer, rejected
 * client credentials, or the circuit breaker is open). The gateway answers 503, never 401: an
 * outage must not log users out.
 */
public final class IntrospectionUnavailableException extends RuntimeException {

  private final boolean outage;
  private final @Nullable Duration retryAfter;

  private IntrospectionUnavailableException(
      String message, @Nullable Throwable cause, boolean outage, @Nullable Duration retryAfter) {
    super(message, cause);
    this.outage = outage;
    this.retryAfter = retryAfter;
  }

  /** Auth-service is unreachable, hung or failing (transport error, timeout): counts as outage. */
  IntrospectionUnavailableException(String message, Throwable cause) {
    this(message, cause, true, null);
  }

  /** Auth-service answered, but not usably (4xx, malformed): no outage, a configuration or bug. */
  IntrospectionUnavailableException(String message) {
    this(message, null, false, null);
  }

  /** Auth-service answered 5xx, or another failure that means it is unavailable. */
  static IntrospectionUnavailableException outage(String message) {
    return new IntrospectionUnavailableException(message, null, true, null);
  }

  /** The circuit breaker is open: no call was made; {@code retryAfter} until the next probe. */
  static IntrospectionUnavailableException circuitOpen(Duration retryAfter) {
    return new IntrospectionUnavailableException(
        "introspection circuit breaker open", null, false, retryAfter);
  }

  /**
   * Whether this failure means auth-service is unavailable (what the circuit breaker counts), as
   * opposed to an answer the gateway could not use.
   */
  boolean isOutage() {
    return outage;
  }

  /**
   * When to try again, if this failure knows better than the configured {@code
   * gatehouse.introspection.retry-after}: while the breaker is open, the time until its next probe.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
