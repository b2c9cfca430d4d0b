package dev.gatehouse.auth.oidc.logout;

/**
 * A logout token Gatehouse refuses (OpenID Connect Back-Channel Logout 1.0 §2.8: 400). The message
 * says which check failed and never contains the token or its claims' values.
 */
final class InvalidLogoutTokenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InvalidLogoutTokenException(String message) {
    super(message, null, false, false);
  }

  InvalidLogoutTokenException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
