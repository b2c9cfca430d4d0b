package dev.gatehouse.gateway.session;

/**
 * Auth-service could not answer (connection refused, timeout, 5xx, a malformed answer, rejected
 * client credentials). The gateway answers 503, never 401: an outage must not log users out.
 */
public final class IntrospectionUnavailableException extends RuntimeException {

  IntrospectionUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  IntrospectionUnavailableException(String message) {
    super(message);
  }
}
