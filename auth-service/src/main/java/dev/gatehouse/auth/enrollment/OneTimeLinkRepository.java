package dev.gatehouse.auth.enrollment;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/** The {@code one_time_links} table and the {@code account_bootstrap_lock} row. */
@Component
final class OneTimeLinkRepository {

  private final JdbcClient jdbc;

  OneTimeLinkRepository(JdbcClient jdbc) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    this.jdbc = jdbc;
  }

  /** Blocks until no other transaction bootstraps; held until this one ends. */
  void lockBootstrap() {
    jdbc.sql("SELECT id FROM account_bootstrap_lock WHERE id = 1 FOR UPDATE")
        .query(Integer.class)
        .single();
  }

  void insert(String tokenHash, LinkPurpose purpose, UUID userId, Instant now, Instant expiresAt) {
    jdbc.sql(
            """
            INSERT INTO one_time_links (token_hash, purpose, user_id, created_at, expires_at)
            VALUES (:hash, :purpose, :user, :now, :expires)
            """)
        .param("hash", tokenHash)
        .param("purpose", purpose.value())
        .param("user", userId)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("expires", expiresAt.atOffset(ZoneOffset.UTC))
        .update();
  }

  /** The link, when unused and not expired; the row stays locked until the transaction ends. */
  Optional<Link> lockUsable(String tokenHash, Instant now) {
    return jdbc.sql(
            """
            SELECT purpose, user_id, expires_at FROM one_time_links
            WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now FOR UPDATE
            """)
        .param("hash", tokenHash)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .query(
            (rs, rowNum) ->
                new Link(
                    LinkPurpose.fromValue(rs.getString("purpose")),
                    rs.getObject("user_id", UUID.class)))
        .optional();
  }

  /** The link, when unused and not expired, without locking (to render the form). */
  Optional<Link> findUsable(String tokenHash, Instant now) {
    return jdbc.sql(
            """
            SELECT purpose, user_id FROM one_time_links
            WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now
            """)
        .param("hash", tokenHash)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .query(
            (rs, rowNum) ->
                new Link(
                    LinkPurpose.fromValue(rs.getString("purpose")),
                    rs.getObject("user_id", UUID.class)))
        .optional();
  }

  void markUsed(String tokenHash, Instant now) {
    jdbc.sql("UPDATE one_time_links SET used_at = :now WHERE token_hash = :hash")
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("hash", tokenHash)
        .update();
  }

  /**
   * Ends every unused link of the user: a new link, a password set, a deletion each leave at most
   * one way in.
   */
  int invalidateAll(UUID userId, Instant now) {
    return jdbc.sql(
            "UPDATE one_time_links SET used_at = :now WHERE user_id = :user AND used_at IS NULL")
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("user", userId)
        .update();
  }

  boolean hasUsable(UUID userId, LinkPurpose purpose, Instant now) {
    return jdbc.sql(
                """
                SELECT COUNT(*) FROM one_time_links WHERE user_id = :user AND purpose = :purpose
                AND used_at IS NULL AND expires_at > :now
                """)
            .param("user", userId)
            .param("purpose", purpose.value())
            .param("now", now.atOffset(ZoneOffset.UTC))
            .query(Long.class)
            .single()
        > 0;
  }

  record Link(LinkPurpose purpose, UUID userId) {}
}
