package dev.gatehouse.auth.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The {@code sessions} table, read and written with plain SQL that runs on PostgreSQL and H2; the
 * only code that writes it. The revocation feature sets the revocation columns ({@code revoked_at},
 * {@code revoked_by}, {@code reason}) through {@link SessionRevocations}, in the transaction that
 * appends to its log; the binding feature ({@code dev.gatehouse.auth.binding}) sets the DBSC key
 * columns ({@code binding_jwk}, {@code binding_jkt}) itself.
 */
@Component
final class SessionRepository {

  private final JdbcClient jdbc;

  SessionRepository(JdbcClient jdbc) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    this.jdbc = jdbc;
  }

  void insert(
      UUID sid,
      String tokenHash,
      UUID userId,
      Instant now,
      Instant expiresAt,
      @Nullable String ip,
      @Nullable String userAgent,
      String amr,
      @Nullable IdpSession idp) {
    jdbc.sql(
            """
            INSERT INTO sessions
              (sid, token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent, amr,
               idp_issuer, idp_sid, idp_acr)
            VALUES (:sid, :hash, :user, :now, :now, :expires, :ip, :agent, :amr,
                    :idpIssuer, :idpSid, :idpAcr)
            """)
        .param("sid", sid)
        .param("hash", tokenHash)
        .param("user", userId)
        .param("now", utc(now))
        .param("expires", utc(expiresAt))
        .param("ip", ip)
        .param("agent", userAgent)
        .param("amr", amr)
        .param("idpIssuer", (idp != null) ? idp.issuer() : null)
        .param("idpSid", (idp != null) ? idp.sid() : null)
        .param("idpAcr", (idp != null) ? idp.acr() : null)
        .update();
  }

  /**
   * The session with this token hash, its user and the user's roles, in one statement (the unique
   * index on {@code token_hash}, then primary keys; one row per role).
   */
  Optional<StoredSession> findByTokenHash(String tokenHash) {
    List<Row> rows =
        jdbc.sql(
                """
                SELECT s.sid, s.user_id, s.created_at, s.last_seen_at, s.expires_at,
                       s.revoked_at, s.amr, s.binding_jkt, u.username, u.enabled, r.role
                FROM sessions s
                JOIN users u ON u.id = s.user_id
                LEFT JOIN user_roles r ON r.user_id = u.id
                WHERE s.token_hash = :hash
                """)
            .param("hash", tokenHash)
            .query(SessionRepository::row)
            .list();
    return session(rows);
  }

  /** As {@link #findByTokenHash}, by the public session id (DBSC refresh names it). */
  Optional<StoredSession> findBySid(UUID sid) {
    List<Row> rows =
        jdbc.sql(
                """
                SELECT s.sid, s.user_id, s.created_at, s.last_seen_at, s.expires_at,
                       s.revoked_at, s.amr, s.binding_jkt, u.username, u.enabled, r.role
                FROM sessions s
                JOIN users u ON u.id = s.user_id
                LEFT JOIN user_roles r ON r.user_id = u.id
                WHERE s.sid = :sid
                """)
            .param("sid", sid)
            .query(SessionRepository::row)
            .list();
    return session(rows);
  }

  private static Optional<StoredSession> session(List<Row> rows) {
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<String> roles = new ArrayList<>();
    for (Row row : rows) {
      if (row.role() != null) {
        roles.add(row.role());
      }
    }
    roles.sort(null);
    return Optional.of(rows.get(0).session(roles));
  }

  /** The provider session and the methods a session recorded; empty for a password login's. */
  Optional<ProviderOrigin> providerOrigin(UUID sid) {
    return jdbc.sql(
            """
            SELECT idp_issuer, idp_sid, idp_acr, amr FROM sessions
            WHERE sid = :sid AND idp_issuer IS NOT NULL
            """)
        .param("sid", sid)
        .query(
            (rs, rowNum) ->
                new ProviderOrigin(
                    new IdpSession(
                        rs.getString("idp_issuer"),
                        rs.getString("idp_sid"),
                        rs.getString("idp_acr")),
                    List.of(rs.getString("amr").split(" "))))
        .optional();
  }

  /** Records activity; a revoked session stays as it was. */
  void touch(UUID sid, Instant now) {
    jdbc.sql(
            """
            UPDATE sessions SET last_seen_at = :now
            WHERE sid = :sid AND revoked_at IS NULL AND last_seen_at < :now
            """)
        .param("now", utc(now))
        .param("sid", sid)
        .update();
  }

  /** The user of a session that is not revoked yet, locking its row. */
  Optional<UUID> lockUnrevoked(UUID sid) {
    return jdbc.sql(
            "SELECT user_id FROM sessions WHERE sid = :sid AND revoked_at IS NULL FOR UPDATE")
        .param("sid", sid)
        .query(UUID.class)
        .optional();
  }

  /** A user's sessions that are neither revoked nor past their absolute expiry, locked. */
  List<UUID> lockLiveOfUser(UUID userId, Instant now) {
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

  private static Row row(ResultSet rs, int rowNum) throws SQLException {
    OffsetDateTime revokedAt = rs.getObject("revoked_at", OffsetDateTime.class);
    return new Row(
        rs.getObject("sid", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getString("username"),
        rs.getBoolean("enabled"),
        instant(rs, "created_at"),
        instant(rs, "last_seen_at"),
        instant(rs, "expires_at"),
        (revokedAt != null) ? revokedAt.toInstant() : null,
        List.of(rs.getString("amr").split(" ")),
        rs.getString("binding_jkt"),
        rs.getString("role"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** A session as stored, with its user, whatever its state. */
  record StoredSession(
      UUID sid,
      UUID userId,
      String username,
      boolean userEnabled,
      List<String> roles,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt,
      @Nullable Instant revokedAt,
      List<String> amr,
      @Nullable String bindingJkt) {}

  private record Row(
      UUID sid,
      UUID userId,
      String username,
      boolean enabled,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt,
      @Nullable Instant revokedAt,
      List<String> amr,
      @Nullable String bindingJkt,
      @Nullable String role) {

    StoredSession session(List<String> roles) {
      return new StoredSession(
          sid,
          userId,
          username,
          enabled,
          roles,
          createdAt,
          lastSeenAt,
          expiresAt,
          revokedAt,
          amr,
          bindingJkt);
    }
  }
}
