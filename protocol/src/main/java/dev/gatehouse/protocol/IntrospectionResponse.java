package dev.gatehouse.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON body of an RFC 7662 §2.2 introspection response, as auth-service writes it and the
 * gateway reads it (and caches it). Inactive is exactly {@code {"active":false}}: no reason, so an
 * unknown, expired or revoked token cannot be told apart (§2.2, §4). Every field but {@code active}
 * is absent when inactive; the reader decides what an active answer missing a field means (the
 * gateway fails closed). Unknown members are ignored, as §2.2 allows the server to add them.
 *
 * @param active whether the token names an active session; absent is read as not active
 * @param sub the user id
 * @param username the login name
 * @param sid the public session id
 * @param roles the user's roles, plain lower-case names
 * @param iat when the session was created, epoch seconds
 * @param exp the session's absolute expiry, epoch seconds: a cached result must not outlive it
 * @param authTime when the user authenticated, epoch seconds ({@code auth_time})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntrospectionResponse(
    @JsonProperty("active") @Nullable Boolean active,
    @JsonProperty("sub") @Nullable String sub,
    @JsonProperty("username") @Nullable String username,
    @JsonProperty("sid") @Nullable String sid,
    @JsonProperty("roles") @Nullable List<String> roles,
    @JsonProperty("iat") @Nullable Long iat,
    @JsonProperty("exp") @Nullable Long exp,
    @JsonProperty("auth_time") @Nullable Long authTime) {

  /** {@code {"active":false}}. */
  public static final IntrospectionResponse INACTIVE =
      new IntrospectionResponse(false, null, null, null, null, null, null, null);

  /** An active answer; times are epoch seconds. */
  public static IntrospectionResponse active(
      String sub,
      String username,
      String sid,
      List<String> roles,
      long iat,
      long exp,
      long authTime) {
    return new IntrospectionResponse(
        true, sub, username, sid, List.copyOf(roles), iat, exp, authTime);
  }

  /** Whether {@code active} is present and {@code true}. */
  public boolean isActive() {
    return Boolean.TRUE.equals(active);
  }
}
