package dev.gatehouse.auth.session;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Lists active sessions for the operator API and page and for users' own account pages. "Active" is
 * exactly what introspection accepts: {@link ActiveSessionRule}, in SQL.
 */
@Service
public final class SessionDirectory {

  private static final String SELECT =
      """
      SELECT s.sid, s.user_id, u.username, s.created_at, s.last_seen_at, s.expires_at, s.ip,
             s.user_agent
      FROM sessions s
      JOIN users u ON u.id = s.user_id
      """;

  private final JdbcClient jdbc;
  private final ActiveSessionRule rule;
  private final Clock clock;

  SessionDirectory(JdbcClient jdbc, SessionProperties properties, Clock clock) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.jdbc = jdbc;
    this.rule = new ActiveSessionRule(properties.idleTimeout());
    this.clock = clock;
  }

  /**
   * Active sessions, newest login first.
   *
   * @param userId only this user's sessions, or everybody's when {@code null}
   * @param page zero-based page number
   * @param size sessions per page, at least 1
   */
  public SessionPage active(@Nullable UUID userId, int page, int size) {
    Assert.isTrue(page >= 0, "page cannot be negative");
    Assert.isTrue(size > 0, "size must be positive");
    Map<String, Object> params = activeParams();
    String where = "WHERE " + ActiveSessionRule.SQL;
    if (userId != null) {
      where += " AND s.user_id = :user";
      params.put("user", userId);
    }
    List<SessionInfo> items =
        jdbc.sql(SELECT + where + " ORDER BY s.created_at DESC, s.sid LIMIT :limit OFFSET :offset")
            .params(params)
            .param("limit", size)
            .param("offset", (long) page * size)
            .query(SessionDirectory::info)
            .list();
    long total =
        jdbc.sql("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id " + where)
            .params(params)
            .query(Long.class)
            .single();
    return new SessionPage(items, total);
  }

  /** The session when it is active. */
  public Optional<SessionInfo> findActive(UUID sid) {
    Assert.notNull(sid, "sid cannot be null");
    return jdbc.sql(SELECT + "WHERE s.sid = :sid AND " + ActiveSessionRule.SQL)
        .params(activeParams())
        .param("sid", sid)
        .query(SessionDirectory::info)
        .optional();
  }

  private Map<String, Object> activeParams() {
    return rule.params(clock.instant());
  }

  private static SessionInfo info(ResultSet rs, int rowNum) throws SQLException {
    return new SessionInfo(
        rs.getObject("sid", UUID.class),
        rs.getObject("user_id", UUID.class),
        rs.getString("username"),
        instant(rs, "created_at"),
        instant(rs, "last_seen_at"),
        instant(rs, "expires_at"),
        rs.getString("ip"),
        rs.getString("user_agent"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
