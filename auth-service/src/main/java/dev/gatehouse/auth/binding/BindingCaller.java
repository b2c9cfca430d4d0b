package dev.gatehouse.auth.binding;

import dev.gatehouse.auth.session.ActiveSession;
import dev.gatehouse.auth.session.SessionCookies;
import dev.gatehouse.auth.session.SessionService;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The session a DBSC request comes with, found as {@code /logout} finds it: through the gateway
 * (its {@code auth: optional} binding route strips the session cookie) by the {@code sid} of the
 * JWT the gateway minted from the cookie (RFC 6750 bearer, verified with the application's {@link
 * JwtDecoder}: signature, issuer, audience, expiry); called directly, by the session cookie. The
 * public filter chain of {@code /session-binding/**} has no resource server, so the token is
 * verified here. A missing, invalid or expired token, or a session no longer active, is no session.
 */
@Component
final class BindingCaller {

  private static final Logger log = LoggerFactory.getLogger(BindingCaller.class);

  private final JwtDecoder jwts;
  private final SessionService sessions;
  private final SessionCookies cookies;
  private final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();

  BindingCaller(JwtDecoder jwts, SessionService sessions, SessionCookies cookies) {
    Assert.notNull(jwts, "jwts cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(cookies, "cookies cannot be null");
    this.jwts = jwts;
    this.sessions = sessions;
    this.cookies = cookies;
  }

  /** The active session of the request's gateway JWT or session cookie. */
  Optional<ActiveSession> session(HttpServletRequest request) {
    Optional<UUID> fromJwt = sidFromJwt(request);
    if (fromJwt.isPresent()) {
      return sessions.findActive(fromJwt.get());
    }
    return cookies.read(request).flatMap(sessions::find);
  }

  private Optional<UUID> sidFromJwt(HttpServletRequest request) {
    String token;
    try {
      token = bearer.resolve(request);
    } catch (OAuth2AuthenticationException ex) {
      return Optional.empty();
    }
    if (token == null) {
      return Optional.empty();
    }
    try {
      String sid = jwts.decode(token).getClaimAsString("sid");
      return (sid == null) ? Optional.empty() : Optional.of(UUID.fromString(sid));
    } catch (JwtException | IllegalArgumentException ex) {
      // Never the token itself: only why it was not taken.
      log.debug("Ignored the bearer token of a DBSC request: {}", ex.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "BindingCaller[" + jwts.getClass().getSimpleName() + "]";
  }
}
