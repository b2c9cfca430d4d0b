package dev.gatehouse.auth.introspection;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gatehouse.auth.session.ActiveSession;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 7662 §2.2 introspection response. Inactive is exactly {@code {"active":false}}: no reason,
 * so an unknown, expired or revoked token cannot be told apart (§2.2, §4).
 *
 * @param active whether the token names an active session
 * @param sub the user id
 * @param username the login name
 * @param sid the public session id
 * @param roles the user's roles, plain lower-case names
 * @param iat when the session was created, epoch seconds
 * @param exp the session's absolute expiry, epoch seconds: a cached result must not outlive it
 * @param authTime when the user authenticated, epoch seconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IntrospectionResponse(
    boolean active,
    @Nullable String sub,
    @Nullable String username,
    @Nullable String sid,
    @Nullable List<String> roles,
    @Nullable Long iat,
    @Nullable Long exp,
    @JsonProperty("auth_time") @Nullable Long authTime) {

  static final IntrospectionResponse INACTIVE =
      new IntrospectionResponse(false, null, null, null, null, null, null, null);

  static IntrospectionResponse active(ActiveSession session) {
    return new IntrospectionResponse(
        true,
        session.userId().toString(),
        session.username(),
        session.sid().toString(),
        session.roles(),
        session.createdAt().getEpochSecond(),
        session.expiresAt().getEpochSecond(),
        session.authTime().getEpochSecond());
  }
}
