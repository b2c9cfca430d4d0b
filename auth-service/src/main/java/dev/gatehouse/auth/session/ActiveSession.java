package dev.gatehouse.auth.session;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
 * @param bindingJkt the RFC 7638 thumbprint of the DBSC key the session is bound to; {@code null}
 *     while it is not bound
 */
public record ActiveSession(
    UUID sid,
    UUID userId,
    String username,
    List<String> roles,
    Instant createdAt,
    Instant expiresAt,
    List<String> amr,
    @Nullable String bindingJkt) {

  public ActiveSession {
    roles = List.copyOf(roles);
    amr = List.copyOf(amr);
  }

  /** A session that is not device-bound. */
  public ActiveSession(
      UUID sid,
      UUID userId,
      String username,
      List<String> roles,
      Instant createdAt,
      Instant expiresAt,
      List<String> amr) {
    this(sid, userId, username, roles, createdAt, expiresAt, amr, null);
  }

  /** When the user authenticated: every session starts with a login. */
  public Instant authTime() {
    return createdAt;
  }
}
