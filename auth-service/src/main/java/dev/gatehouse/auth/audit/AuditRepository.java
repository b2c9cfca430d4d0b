package dev.gatehouse.auth.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/** The {@code audit_log} and {@code audit_log_sessions} tables, in SQL PostgreSQL and H2 share. */
@Component
final class AuditRepository {

  private static final String COLUMNS =
      "id, occurred_at, actor_id, actor_username, action, target_user_id, target_username, reason";

  private final JdbcClient jdbc;

  AuditRepository(JdbcClient jdbc) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    this.jdbc = jdbc;
  }

  long nextId() {
    return jdbc.sql("SELECT nextval('audit_log_seq')").query(Long.class).single();
  }

  /** Inserts an entry; the target's username is copied from {@code users} in the same statement. */
  void insert(
      long id,
      Instant at,
      Actor actor,
      AuditAction action,
      @Nullable UUID targetUserId,
      List<UUID> sids,
      String reason) {
    jdbc.sql(
            """
            INSERT INTO audit_log (%s)
            VALUES (:id, :at, :actorId, :actorUsername, :action, :target,
                    (SELECT username FROM users WHERE id = :target), :reason)
            """
                .formatted(COLUMNS))
        .param("id", id)
        .param("at", at.atOffset(ZoneOffset.UTC))
        .param("actorId", actor.id())
        .param("actorUsername", actor.username())
        .param("action", action.value())
        .param("target", targetUserId)
        .param("reason", reason)
        .update();
    for (UUID sid : sids) {
      jdbc.sql("INSERT INTO audit_log_sessions (audit_id, sid) VALUES (:id, :sid)")
          .param("id", id)
          .param("sid", sid)
          .update();
    }
  }

  /** Entries newest first, optionally only those whose target has this username. */
  List<AuditEntry> find(@Nullable String targetUsername, int limit, long offset) {
    List<Row> rows =
        jdbc.sql(
                "SELECT %s FROM audit_log %s ORDER BY id DESC LIMIT :limit OFFSET :offset"
                    .formatted(COLUMNS, where(targetUsername)))
            .params(filter(targetUsername))
            .param("limit", limit)
            .param("offset", offset)
            .query(AuditRepository::row)
            .list();
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<Long, List<UUID>> sids = sids(rows.stream().map(Row::id).toList());
    List<AuditEntry> entries = new ArrayList<>(rows.size());
    for (Row row : rows) {
      entries.add(row.entry(sids.getOrDefault(row.id(), List.of())));
    }
    return entries;
  }

  long count(@Nullable String targetUsername) {
    return jdbc.sql("SELECT COUNT(*) FROM audit_log " + where(targetUsername))
        .params(filter(targetUsername))
        .query(Long.class)
        .single();
  }

  private Map<Long, List<UUID>> sids(List<Long> ids) {
    Map<Long, List<UUID>> sids = new HashMap<>();
    jdbc.sql(
            "SELECT audit_id, sid FROM audit_log_sessions WHERE audit_id IN (:ids)"
                + " ORDER BY audit_id, sid")
        .param("ids", ids)
        .query(
            (rs, rowNum) ->
                sids.computeIfAbsent(rs.getLong("audit_id"), id -> new ArrayList<>())
                    .add(rs.getObject("sid", UUID.class)))
        .list();
    return sids;
  }

  /**
   * Built rather than {@code (:user IS NULL OR ...)}: PostgreSQL cannot type a bare null parameter.
   */
  private static String where(@Nullable String targetUsername) {
    return (targetUsername != null) ? "WHERE target_username = :user" : "";
  }

  private static Map<String, ?> filter(@Nullable String targetUsername) {
    return (targetUsername != null) ? Map.of("user", targetUsername) : Map.of();
  }

  private static Row row(ResultSet rs, int rowNum) throws SQLException {
    return new Row(
        rs.getLong("id"),
        rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
        new Actor(rs.getString("actor_id"), rs.getString("actor_username")),
        AuditAction.fromValue(rs.getString("action")),
        rs.getObject("target_user_id", UUID.class),
        rs.getString("target_username"),
        rs.getString("reason"));
  }

  private record Row(
      long id,
      Instant at,
      Actor actor,
      AuditAction action,
      @Nullable UUID targetUserId,
      @Nullable String targetUsername,
      String reason) {

    AuditEntry entry(List<UUID> sids) {
      return new AuditEntry(id, at, actor, action, targetUserId, targetUsername, sids, reason);
    }
  }
}
