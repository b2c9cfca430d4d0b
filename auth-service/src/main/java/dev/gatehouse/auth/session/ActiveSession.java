package dev.gatehouse.auth.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A session that is active right now: not revoked, not past its absolute expiry or idle timeout,
 * its user enabled. What RFC 7662 introspection and forward-auth report about it.
 *
 * @param sid public session id
 * @param userId the user's id (the {@code sub})
 * @param username the user's login name
 * @param roles the user's roles, plain lower-case names, sorted
 * @param createdAt login time: RFC 7662 {@code iat} and OpenID {@code auth_time}
 * @param expiresAt absolute expiry: RFC 7662 {@code exp}
 * @param amr how the user authenticated for this session (RFC 8176: {@code pwd}, {@code otp})
 */
public record ActiveSession(
    UUID sid,
    UUID userId,
    String username,
    List<String> roles,
    Instant createdAt,
    Instant expiresAt,
    List<String> amr) {

  public ActiveSession {
    roles = List.copyOf(roles);
    amr = List.copyOf(amr);
  }

  /** When the user authenticated: every session starts with a login. */
  public Instant authTime() {
    return createdAt;
  }
}
