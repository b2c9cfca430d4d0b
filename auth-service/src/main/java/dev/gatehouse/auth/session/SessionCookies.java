package dev.gatehouse.auth.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Writes and reads the session cookie: {@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/},
 * {@code Secure} unless disabled, no {@code Domain}; a browser-session cookie (no {@code Max-Age})
 * because the server enforces the lifetime. Clearing sets {@code Max-Age=0}.
 */
@Component
public final class SessionCookies {

  private final SessionProperties properties;
  private final SessionTokens tokens;

  SessionCookies(SessionProperties properties, SessionTokens tokens) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(tokens, "tokens cannot be null");
    this.properties = properties;
    this.tokens = tokens;
  }

  /** The {@code Set-Cookie} value that hands a new session to the browser. */
  public String issue(SessionToken token) {
    Assert.notNull(token, "token cannot be null");
    return base(token.value()).build().toString();
  }

  /** The {@code Set-Cookie} value that removes the session cookie from the browser. */
  public String clear() {
    return base("").maxAge(0).build().toString();
  }

  /**
   * The session token the request presents in its cookie; empty when there is none, when it is
   * malformed or forged, or when several cookies carry the name (ambiguous, so none is trusted).
   */
  public Optional<SessionToken> read(HttpServletRequest request) {
    Cookie @Nullable [] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    String value = null;
    for (Cookie cookie : cookies) {
      if (cookie.getName().equals(properties.cookieName())) {
        if (value != null) {
          return Optional.empty();
        }
        value = cookie.getValue();
      }
    }
    return tokens.parse(value);
  }

  /** Whether the session cookie carries {@code Secure}; companion cookies follow it. */
  public boolean secure() {
    return properties.cookieSecure();
  }

  /**
   * Whether the session cookie's name has the {@code __Host-} prefix; companion cookies (the CSRF
   * token) take it too, so a sibling subdomain cannot plant them.
   */
  public boolean hostPrefixed() {
    return properties.cookieName().toLowerCase(Locale.ROOT).startsWith("__host-");
  }

  private ResponseCookie.ResponseCookieBuilder base(String value) {
    return ResponseCookie.from(properties.cookieName(), value)
        .httpOnly(true)
        .secure(properties.cookieSecure())
        .sameSite("Lax")
        .path("/");
  }
}
