package dev.gatehouse.auth.revocation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The revocation columns of {@code sessions}, the {@code revocation_log} and its counter. Every
 * write method must run inside the transaction that holds the counter lock.
 */
@Component
final class RevocationRepository {

  private final JdbcClient jdbc;

  RevocationRepository(JdbcClient jdbc) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    this.jdbc = jdbc;
  }

  /**
   * Locks the counter row until the transaction ends and returns the last sequence number used.
   * Taken first by every revocation, so revocations are serialized and always lock in the same
   * order (counter, then sessions): sequence numbers follow commit order, without deadlocks.
   */
  long lockCounter() {
    return jdbc.sql("SELECT last_seq FROM revocation_counter WHERE id = 1 FOR UPDATE")
        .query(Long.class)
        .single();
  }

  void saveCounter(long lastSeq) {
    jdbc.sql("UPDATE revocation_counter SET last_seq = :seq WHERE id = 1")
        .param("seq", lastSeq)
        .update();
  }

  /** The user of a session that is not revoked yet, locking its row. */
  Optional<UUID> lockUnrevokedSession(UUID sid) {
    return jdbc.sql(
            "SELECT user_id FROM sessions WHERE sid = :sid AND revoked_at IS NULL FOR UPDATE")
        .param("sid", sid)
        .query(UUID.class)
        .optional();
  }

  /** A user's sessions that are neither revoked nor past their absolute expiry, locked. */
  List<UUID> lockLiveSessionsOfUser(UUID userId, Instant now) {
    return jdbc.sql(
            """
            SELECT sid FROM sessions
            WHERE user_id = :user AND revoked_at IS NULL AND expires_at > :now
            ORDER BY sid
            FOR UPDATE
            """)
        .param("user", userId)
        .param("now", utc(now))
        .query(UUID.class)
        .list();
  }

  void markRevoked(UUID sid, Instant now, String actor, String reason) {
    jdbc.sql(
            """
            UPDATE sessions SET revoked_at = :now, revoked_by = :actor, reason = :reason
            WHERE sid = :sid
            """)
        .param("now", utc(now))
        .param("actor", actor)
        .param("reason", reason)
        .param("sid", sid)
        .update();
  }

  void append(RevocationEvent event, String actor) {
    jdbc.sql(
            """
            INSERT INTO revocation_log (seq, sid, user_id, revoked_at, reason, actor)
            VALUES (:seq, :sid, :user, :at, :reason, :actor)
            """)
        .param("seq", event.seq())
        .param("sid", event.sid())
        .param("user", event.userId())
        .param("at", utc(event.revokedAt()))
        .param("reason", event.reason())
        .param("actor", actor)
        .update();
  }

  /** Returns whether the user exists. */
  boolean disableUser(UUID userId) {
    return jdbc.sql("UPDATE users SET enabled = FALSE WHERE id = :id").param("id", userId).update()
        > 0;
  }

  /** Returns whether the user exists. */
  boolean enableUser(UUID userId) {
    return jdbc.sql("UPDATE users SET enabled = TRUE WHERE id = :id").param("id", userId).update()
        > 0;
  }

  /** Log entries after a sequence number, in sequence order. */
  List<RevocationEvent> after(long seq, int limit) {
    return jdbc.sql(
            """
            SELECT seq, sid, user_id, revoked_at, reason FROM revocation_log
            WHERE seq > :after ORDER BY seq LIMIT :limit
            """)
        .param("after", seq)
        .param("limit", limit)
        .query(RevocationRepository::event)
        .list();
  }

  private static RevocationEvent event(ResultSet rs, int rowNum) throws SQLException {
    return new RevocationEvent(
        rs.getLong("seq"),
        rs.getObject("sid", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getObject("revoked_at", OffsetDateTime.class).toInstant(),
        rs.getString("reason"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
