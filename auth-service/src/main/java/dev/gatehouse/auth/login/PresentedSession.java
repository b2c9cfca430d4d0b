package dev.gatehouse.auth.login;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The session a browser still holds when it logs in through the gateway. The gateway strips the
 * session cookie before relaying {@code /login}, but on its {@code auth: optional} login route it
 * sends the JWT it minted from that cookie (RFC 6750 bearer, {@code aud} auth-service, claim {@code
 * sid}). The public filter chain of {@code /login} has no resource server, so the token is verified
 * here, with the application's one {@link JwtDecoder} (signature from the gateway's JWKS, issuer,
 * audience, expiry, {@code kid}, {@code sub}).
 *
 * <p>Best effort by design: a missing, malformed, forged or expired token, or a JWKS that cannot be
 * fetched, simply names no session. It only ever adds a session to end; the login never fails for
 * it.
 */
@Component
final class PresentedSession {

  private static final Logger log = LoggerFactory.getLogger(PresentedSession.class);

  private final JwtDecoder jwts;
  private final DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();

  PresentedSession(JwtDecoder jwts) {
    Assert.notNull(jwts, "jwts cannot be null");
    this.jwts = jwts;
  }

  /** The {@code sid} of the gateway JWT the request carries, if the token verifies. */
  Optional<UUID> sid(HttpServletRequest request) {
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
      return sid(jwts.decode(token));
    } catch (JwtException | IllegalArgumentException ex) {
      // Never the token itself: only why it was not taken.
      log.debug("Ignored the bearer token of a login: {}", ex.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  private static Optional<UUID> sid(Jwt jwt) {
    String sid = jwt.getClaimAsString("sid");
    if (sid == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(sid));
    } catch (IllegalArgumentException ex) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "PresentedSession[" + jwts.getClass().getSimpleName() + "]";
  }
}
