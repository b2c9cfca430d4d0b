package dev.gatehouse.auth.system;

import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.util.StringUtils;

/**
 * The caller of a routed endpoint, read from the gateway-minted JWT the resource-server chain has
 * already verified (RFC 9068-style claims: {@code sub} = user id, {@code sid} = session id, {@code
 * preferred_username}). A verified token without a well-formed {@code sub} and {@code sid} is not
 * one the gateway minted for a session: 401, like any other unusable bearer token (RFC 6750 §3.1).
 * Controllers declare it as a handler argument; resolving it also tags the access log.
 *
 * @param userId the user's id
 * @param sid the session the request was made with
 * @param username the user's login name ({@code preferred_username}, else the {@code sub})
 */
public record Caller(UUID userId, UUID sid, String username) {

  public static Caller from(@Nullable Jwt jwt) {
    if (jwt == null) {
      throw new InvalidBearerTokenException("A bearer token is required");
    }
    UUID userId = uuid(jwt.getSubject());
    UUID sid = uuid(jwt.getClaimAsString("sid"));
    if (userId == null || sid == null) {
      throw new InvalidBearerTokenException("The token does not name a user and a session");
    }
    String username = jwt.getClaimAsString("preferred_username");
    return new Caller(userId, sid, StringUtils.hasText(username) ? username : userId.toString());
  }

  private static @Nullable UUID uuid(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }
}
