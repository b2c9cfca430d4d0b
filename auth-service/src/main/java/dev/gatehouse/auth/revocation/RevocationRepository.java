package dev.gatehouse.auth.revocation;

import dev.gatehouse.protocol.RevocationEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The {@code revocation_log} and its counter. Every write method but the retention purge must run
 * inside the transaction that holds the counter lock; the sessions themselves are marked through
 * the session feature's {@code SessionRevocations}, in the same transaction.
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

  void append(RevocationEvent event, String actor) {
    jdbc.sql(
            """
            INSERT INTO revocation_log (seq, sid, user_id, revoked_at, reason, actor, kind)
            VALUES (:seq, :sid, :user, :at, :reason, :actor, :kind)
            """)
        .param("seq", event.seq())
        .param("sid", event.sid())
        .param("user", event.userId())
        .param("at", utc(event.revokedAt()))
        .param("reason", event.reason())
        .param("actor", actor)
        .param("kind", event.kind())
        .update();
  }

  /** Deletes entries revoked before the cutoff; returns how many. */
  int purgeBefore(Instant cutoff) {
    return jdbc.sql("DELETE FROM revocation_log WHERE revoked_at < :cutoff")
        .param("cutoff", utc(cutoff))
        .update();
  }

  /** Log entries after a sequence number, in sequence order. */
  List<RevocationEvent> after(long seq, int limit) {
    return jdbc.sql(
            """
            SELECT seq, sid, user_id, revoked_at, reason, kind FROM revocation_log
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
        rs.getString("reason"),
        rs.getString("kind"));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
