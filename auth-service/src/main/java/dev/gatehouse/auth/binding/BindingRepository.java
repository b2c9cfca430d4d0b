package dev.gatehouse.auth.binding;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The DBSC tables ({@code session_binding_challenges}, {@code session_bound_credentials}) and the
 * key columns of {@code sessions} ({@code binding_jwk}, {@code binding_jkt}), plain SQL for
 * PostgreSQL and H2. Secrets arrive hashed ({@link BindingSecrets#sha256Hex}).
 */
@Component
final class BindingRepository {

  private final JdbcClient jdbc;

  BindingRepository(JdbcClient jdbc) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    this.jdbc = jdbc;
  }

  /**
   * Stores a new challenge for a session that exists and is not revoked, drops the session's
   * expired ones and keeps at most {@code keep} (the new one and the newest others); false when
   * there is no such session. Run in a transaction: the session row's lock serializes concurrent
   * calls for one session, so the cap holds under a flood of refreshes too.
   */
  boolean insertChallenge(String hash, UUID sid, Instant now, Instant expiresAt, int keep) {
    Assert.isTrue(keep >= 1, "keep must be at least 1");
    boolean live =
        jdbc.sql("SELECT sid FROM sessions WHERE sid = :sid AND revoked_at IS NULL FOR UPDATE")
            .param("sid", sid)
            .query(UUID.class)
            .optional()
            .isPresent();
    if (!live) {
      return false;
    }
    jdbc.sql("DELETE FROM session_binding_challenges WHERE sid = :sid AND expires_at <= :now")
        .param("sid", sid)
        .param("now", utc(now))
        .update();
    jdbc.sql(
            """
            INSERT INTO session_binding_challenges (challenge_hash, sid, expires_at)
            VALUES (:hash, :sid, :expires)
            """)
        .param("hash", hash)
        .param("sid", sid)
        .param("expires", utc(expiresAt))
        .update();
    // Ties in expires_at (same microsecond) are broken by the hash: arbitrary but stable, and the
    // new challenge is always kept.
    jdbc.sql(
            """
            DELETE FROM session_binding_challenges
            WHERE sid = :sid AND challenge_hash <> :hash AND challenge_hash NOT IN (
              SELECT challenge_hash FROM session_binding_challenges
              WHERE sid = :sid AND challenge_hash <> :hash
              ORDER BY expires_at DESC, challenge_hash
              LIMIT :others)
            """)
        .param("sid", sid)
        .param("hash", hash)
        .param("others", keep - 1)
        .update();
    return true;
  }

  /**
   * Uses up a challenge of this session that has not expired: deleting the row is the use, so of
   * two concurrent requests with the same challenge exactly one deletes it (the row lock).
   */
  boolean consumeChallenge(String hash, UUID sid, Instant now) {
    return jdbc.sql(
                """
                DELETE FROM session_binding_challenges
                WHERE challenge_hash = :hash AND sid = :sid AND expires_at > :now
                """)
            .param("hash", hash)
            .param("sid", sid)
            .param("now", utc(now))
            .update()
        == 1;
  }

  /** Binds a session that is neither bound nor revoked to a key; false when it was not. */
  boolean bind(UUID sid, String jwk, String jkt, Instant now) {
    return jdbc.sql(
                """
                UPDATE sessions SET binding_jwk = :jwk, binding_jkt = :jkt, bound_at = :now
                WHERE sid = :sid AND binding_jkt IS NULL AND revoked_at IS NULL
                """)
            .param("jwk", jwk)
            .param("jkt", jkt)
            .param("sid", sid)
            .param("now", utc(now))
            .update()
        == 1;
  }

  /** When a bound session was bound (absent for sessions bound before this was recorded). */
  Optional<Instant> boundAt(UUID sid) {
    return jdbc.sql("SELECT bound_at FROM sessions WHERE sid = :sid AND bound_at IS NOT NULL")
        .param("sid", sid)
        .query(OffsetDateTime.class)
        .optional()
        .map(OffsetDateTime::toInstant);
  }

  /** The key a session is bound to. */
  Optional<StoredKey> key(UUID sid) {
    return jdbc.sql(
            "SELECT binding_jwk, binding_jkt FROM sessions"
                + " WHERE sid = :sid AND binding_jkt IS NOT NULL")
        .param("sid", sid)
        .query(
            (rs, rowNum) -> new StoredKey(rs.getString("binding_jwk"), rs.getString("binding_jkt")))
        .optional();
  }

  /** Stores a new bound credential and drops the session's expired ones. */
  void insertCredential(String hash, UUID sid, Instant now, Instant expiresAt) {
    jdbc.sql("DELETE FROM session_bound_credentials WHERE sid = :sid AND expires_at <= :now")
        .param("sid", sid)
        .param("now", utc(now))
        .update();
    jdbc.sql(
            """
            INSERT INTO session_bound_credentials (credential_hash, sid, expires_at)
            VALUES (:hash, :sid, :expires)
            """)
        .param("hash", hash)
        .param("sid", sid)
        .param("expires", utc(expiresAt))
        .update();
  }

  /** When this session's credential expires, if it is one of the session's and still valid. */
  Optional<Instant> credentialExpiry(String hash, UUID sid, Instant now) {
    return jdbc.sql(
            """
            SELECT expires_at FROM session_bound_credentials
            WHERE credential_hash = :hash AND sid = :sid AND expires_at > :now
            """)
        .param("hash", hash)
        .param("sid", sid)
        .param("now", utc(now))
        .query(OffsetDateTime.class)
        .optional()
        .map(OffsetDateTime::toInstant);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /**
   * A session's key.
   *
   * @param jwk the public JWK as JSON
   * @param jkt its RFC 7638 SHA-256 thumbprint
   */
  record StoredKey(String jwk, String jkt) {}
}
