package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.session.SessionCookies;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * Ties a begun login to the browser that began it: a random 256-bit value in a short-lived cookie
 * ({@code HttpOnly}, {@code SameSite=Lax} so the provider's top-level redirect back carries it,
 * {@code Secure} and {@code __Host-} like the session cookie), whose SHA-256 is stored with the
 * authorization request. The gateway passes it (it strips only the session cookie) and keeps
 * backends from setting it.
 */
final class BrowserBinding {

  /** The cookie's name without the {@code __Host-} prefix. */
  static final String COOKIE = "GATEHOUSE_OIDC";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionCookies sessionCookies;
  private final Duration lifetime;

  BrowserBinding(SessionCookies sessionCookies, Duration lifetime) {
    this.sessionCookies = sessionCookies;
    this.lifetime = lifetime;
  }

  /** Sets a new binding cookie on {@code response}; returns the hash to store. */
  String bind(HttpServletResponse response) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    response.addHeader(HttpHeaders.SET_COOKIE, cookie(value, lifetime));
    return Sha256.hex(value);
  }

  /** The hash of the binding cookie the request carries, if any. */
  Optional<String> presented(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    for (Cookie cookie : cookies) {
      if (cookie.getName().equals(name()) && cookie.getValue().length() <= 64) {
        return Optional.of(Sha256.hex(cookie.getValue()));
      }
    }
    return Optional.empty();
  }

  void clear(HttpServletResponse response) {
    response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO));
  }

  private String cookie(String value, Duration maxAge) {
    return ResponseCookie.from(name(), value)
        .httpOnly(true)
        .secure(sessionCookies.secure())
        .sameSite("Lax")
        .path("/")
        .maxAge(maxAge)
        .build()
        .toString();
  }

  private String name() {
    return sessionCookies.hostPrefixed() ? "__Host-" + COOKIE : COOKIE;
  }
}
