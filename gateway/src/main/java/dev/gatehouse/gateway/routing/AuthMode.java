package dev.gatehouse.gateway.routing;

import java.util.Locale;

/** Route metadata {@code gatehouse.auth}: whether a route needs a session. */
enum AuthMode {
  /** No active session: 401 for API requests, 302 to the login page for HTML navigations. */
  REQUIRED,
  /** A token is minted when there is an active session; otherwise the request goes on anonymous. */
  OPTIONAL,
  /** The session is not looked at; credentials are still stripped. */
  NONE;

  static AuthMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(
          "gatehouse.auth must be required, optional or none, not '" + value + "'", ex);
    }
  }
}
