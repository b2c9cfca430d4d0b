package dev.gatehouse.gateway.session;

import dev.gatehouse.gateway.session.CredentialResolution.Absent;
import dev.gatehouse.gateway.session.CredentialResolution.Found;
import dev.gatehouse.gateway.session.CredentialResolution.Malformed;
import dev.gatehouse.gateway.session.CredentialResolution.Oversized;
import dev.gatehouse.protocol.SessionTokenFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Finds the session token in a request: the session cookie, or {@code Authorization: Bearer
 * <session token>} (RFC 6750 §2.1) for API clients without cookies (the "phantom token" pattern).
 * Every check here is local; nothing malformed ever reaches auth-service, and neither does a token
 * whose keyed check value ({@link SessionTokenFormat}) fails: a made-up token costs one HMAC, not
 * an introspection call.
 *
 * <p>The DBSC bound-credential cookie ({@link SessionProperties#boundCookieName()}) goes with the
 * token when it is there. Only a value that could be one is taken (at most {@value
 * #MAX_BOUND_CREDENTIAL_LENGTH} cookie-safe characters, sent once); anything else counts as no
 * bound credential, which refuses a bound session exactly as a missing one does, and costs no call
 * for a made-up value.
 */
@Component
public final class SessionCredentialResolver {

  private static final String BEARER_PREFIX = "Bearer ";

  /** The reason logged and counted for a token-shaped value with a wrong check value. */
  static final String FORGED_REASON = "forged-token";

  /** Longer than any bound credential auth-service issues; a longer value is not sent on. */
  static final int MAX_BOUND_CREDENTIAL_LENGTH = 512;

  private final SessionProperties properties;
  private final SessionTokenFormat format;

  SessionCredentialResolver(SessionProperties properties, SessionTokenFormat format) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(format, "format cannot be null");
    this.properties = properties;
    this.format = format;
  }

  public CredentialResolution resolve(ServerHttpRequest request) {
    HttpHeaders headers = request.getHeaders();
    if (cookieHeaderBytes(headers) > properties.maxCookieHeaderBytes()) {
      return new Oversized();
    }
    List<String> authorization = headers.getOrEmpty(HttpHeaders.AUTHORIZATION);
    List<String> cookies = CookieHeader.values(headers, properties.cookieName());
    if (authorization.size() > 1) {
      return new Malformed("several-authorization-headers");
    }
    if (cookies.size() > 1) {
      return new Malformed("several-session-cookies");
    }
    @Nullable String bearer = authorization.isEmpty() ? null : authorization.get(0);
    @Nullable String cookie = cookies.isEmpty() ? null : cookies.get(0);
    if (bearer != null && cookie != null) {
      return new Malformed("cookie-and-authorization");
    }
    if (bearer != null) {
      return fromBearer(bearer, headers);
    }
    if (cookie != null) {
      return fromValue(cookie, SessionCredential.Source.COOKIE, "malformed-cookie", headers);
    }
    return new Absent();
  }

  private CredentialResolution fromBearer(String authorization, HttpHeaders headers) {
    if (!authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
      return new Malformed("not-a-bearer-authorization");
    }
    String token = authorization.substring(BEARER_PREFIX.length());
    return fromValue(token, SessionCredential.Source.BEARER, "malformed-bearer", headers);
  }

  /** The bound credential, when exactly one plausible value came; otherwise none. */
  private @Nullable String boundCredential(HttpHeaders headers) {
    List<String> values = CookieHeader.values(headers, properties.boundCookieName());
    if (values.size() != 1) {
      return null;
    }
    String value = values.get(0);
    return isPlausibleBoundCredential(value) ? value : null;
  }

  /** Base64url, JWT and base64 characters only (a loop: no regex on the request path). */
  private static boolean isPlausibleBoundCredential(String value) {
    if (value.isEmpty() || value.length() > MAX_BOUND_CREDENTIAL_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == '~'
              || c == '+'
              || c == '/'
              || c == '=';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  private CredentialResolution fromValue(
      String value, SessionCredential.Source source, String reason, HttpHeaders headers) {
    return switch (format.check(value)) {
      case VALID -> new Found(SessionCredential.of(value, source, boundCredential(headers)));
      case FORGED -> new Malformed(FORGED_REASON);
      case MALFORMED -> new Malformed(reason);
    };
  }

  private static long cookieHeaderBytes(HttpHeaders headers) {
    long total = 0;
    for (String value : headers.getOrEmpty(HttpHeaders.COOKIE)) {
      total += value.length();
    }
    return total;
  }
}
