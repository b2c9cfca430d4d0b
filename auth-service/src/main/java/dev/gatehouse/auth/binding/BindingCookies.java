package dev.gatehouse.auth.binding;

import dev.gatehouse.auth.session.SessionCookies;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The bound credential cookie: {@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/}, no {@code
 * Domain}, {@code Secure} exactly when the session cookie is, {@code Max-Age} a little shorter than
 * the bound-cookie lifetime ({@link #maxAge}). The session instructions repeat its attributes
 * ({@link #attributes()}) because Chromium compares them with the {@code Set-Cookie} it receives;
 * {@code Max-Age} is left out there, as the draft's examples do: it is the credential's lifetime,
 * not an attribute the browser matches.
 */
@Component
final class BindingCookies {

  private static final Duration MAX_MARGIN = Duration.ofSeconds(10);

  private final String name;
  private final boolean secure;
  private final Duration maxAge;

  BindingCookies(BindingProperties properties, SessionCookies sessionCookies) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(sessionCookies, "sessionCookies cannot be null");
    Assert.isTrue(
        sessionCookies.secure() || !properties.hostPrefixed(),
        "a __Host- cookie must be Secure: browsers drop it otherwise"
            + " (set gatehouse.session.cookie-secure=true or choose another"
            + " gatehouse.binding.cookie-name)");
    this.name = properties.cookieName();
    this.secure = sessionCookies.secure();
    this.maxAge = maxAge(properties.boundCookieLifetime());
  }

  String name() {
    return name;
  }

  /** The {@code Set-Cookie} value handing a new bound credential to the browser. */
  String issue(String credential) {
    return base(credential).maxAge(maxAge).build().toString();
  }

  /**
   * The cookie's {@code Max-Age} for a credential valid {@code lifetime} from issue: {@code
   * lifetime - min(10 s, lifetime / 5)} in whole seconds, never below 1 s. Chromium sends a bound
   * cookie as long as it looks valid and only holds a request to refresh once it is gone; the
   * browser counts from receipt, the server from issue. With the margin the browser drops the
   * cookie before the server stops accepting it, so a request in the cookie's last second is not
   * refused.
   */
  static Duration maxAge(Duration lifetime) {
    Duration margin = lifetime.dividedBy(5);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    long seconds = lifetime.minus(margin).toSeconds();
    return Duration.ofSeconds(Math.max(1, seconds));
  }

  /** The {@code Set-Cookie} value removing it. */
  String clear() {
    return base("").maxAge(0).build().toString();
  }

  /** The attributes as the session instructions list them, in {@code Set-Cookie}'s order. */
  String attributes() {
    return "Path=/" + (secure ? "; Secure" : "") + "; HttpOnly; SameSite=Lax";
  }

  /** The bound credential the request carries, if exactly one well-formed one. */
  Optional<String> read(HttpServletRequest request) {
    Cookie @Nullable [] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    String value = null;
    for (Cookie cookie : cookies) {
      if (cookie.getName().equals(name)) {
        if (value != null) {
          return Optional.empty();
        }
        value = cookie.getValue();
      }
    }
    return Optional.ofNullable(value).filter(BindingSecrets::wellFormed);
  }

  private ResponseCookie.ResponseCookieBuilder base(String value) {
    return ResponseCookie.from(name, value).path("/").secure(secure).httpOnly(true).sameSite("Lax");
  }
}
