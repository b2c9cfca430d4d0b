package dev.gatehouse.auth.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/** The {@code users} and {@code user_roles} tables. */
@Component
final class UserRepository {

  private static final String COLUMNS =
      "id, username, password_hash, enabled, display_name, must_change_password, deleted_at";

  private final JdbcClient jdbc;

  UserRepository(JdbcClient jdbc) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    this.jdbc = jdbc;
  }

  Optional<StoredUser> findByUsername(String username) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE username = :username")
        .param("username", username)
        .query(UserRepository::storedUser)
        .optional();
  }

  Optional<StoredUser> findById(UUID id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id")
        .param("id", id)
        .query(UserRepository::storedUser)
        .optional();
  }

  /** The user's roles, sorted. */
  List<String> roles(UUID id) {
    return jdbc.sql("SELECT role FROM user_roles WHERE user_id = :id ORDER BY role")
        .param("id", id)
        .query(String.class)
        .list();
  }

  private static StoredUser storedUser(ResultSet rs, int rowNum) throws SQLException {
    return new StoredUser(
        rs.getObject("id", UUID.class),
        rs.getString("username"),
        rs.getString("password_hash"),
        rs.getBoolean("enabled"),
        rs.getString("display_name"),
        rs.getBoolean("must_change_password"),
        rs.getObject("deleted_at") != null);
  }

  /** Every row, deleted accounts (tombstones) included. */
  long countAll() {
    return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
  }

  /** Creates an account; callers run it in a transaction with its audit row. */
  void insert(
      UUID id,
      String username,
      @Nullable String displayName,
      @Nullable String passwordHash,
      boolean mustChangePassword,
      Collection<String> roles,
      Instant now) {
    jdbc.sql(
            """
            INSERT INTO users (id, username, password_hash, enabled, created_at, display_name,
                               must_change_password)
            VALUES (:id, :username, :hash, TRUE, :now, :displayName, :mustChange)
            """)
        .param("id", id)
        .param("username", username)
        .param("hash", passwordHash)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("displayName", displayName)
        .param("mustChange", mustChangePassword)
        .update();
    replaceRoles(id, roles);
  }

  /** Returns whether the (not deleted) user exists. */
  boolean setPassword(UUID id, String passwordHash, boolean mustChangePassword) {
    return jdbc.sql(
                """
                UPDATE users SET password_hash = :hash, must_change_password = :mustChange
                WHERE id = :id AND deleted_at IS NULL
                """)
            .param("hash", passwordHash)
            .param("mustChange", mustChangePassword)
            .param("id", id)
            .update()
        > 0;
  }

  void replaceRoles(UUID id, Collection<String> roles) {
    jdbc.sql("DELETE FROM user_roles WHERE user_id = :id").param("id", id).update();
    for (String role : roles) {
      jdbc.sql("INSERT INTO user_roles (user_id, role) VALUES (:id, :role)")
          .param("id", id)
          .param("role", role)
          .update();
    }
  }

  /** Returns whether the user exists. */
  boolean setEnabled(UUID id, boolean enabled) {
    return jdbc.sql("UPDATE users SET enabled = :enabled WHERE id = :id")
            .param("enabled", enabled)
            .param("id", id)
            .update()
        > 0;
  }

  void updatePasswordHash(UUID id, String passwordHash) {
    jdbc.sql("UPDATE users SET password_hash = :hash WHERE id = :id")
        .param("hash", passwordHash)
        .param("id", id)
        .update();
  }

  /**
   * Creates the user or, when the name exists, resets its password, enables it and replaces its
   * roles. Callers run it in a transaction.
   */
  UUID upsert(String username, String passwordHash, Collection<String> roles, Instant now) {
    UUID id =
        findByUsername(username)
            .map(
                existing -> {
                  jdbc.sql(
                          "UPDATE users SET password_hash = :hash, enabled = TRUE,"
                              + " must_change_password = FALSE, deleted_at = NULL WHERE id = :id")
                      .param("hash", passwordHash)
                      .param("id", existing.id())
                      .update();
                  return existing.id();
                })
            .orElseGet(
                () -> {
                  UUID created = UUID.randomUUID();
                  jdbc.sql(
                          """
                          INSERT INTO users (id, username, password_hash, enabled, created_at)
                          VALUES (:id, :username, :hash, TRUE, :now)
                          """)
                      .param("id", created)
                      .param("username", username)
                      .param("hash", passwordHash)
                      .param("now", now.atOffset(ZoneOffset.UTC))
                      .update();
                  return created;
                });
    replaceRoles(id, roles);
    return id;
  }

  /** Accounts (not deleted) whose username starts with {@code prefix}, by username. */
  List<StoredUser> search(String prefix, int limit, long offset) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM users WHERE deleted_at IS NULL AND username LIKE :prefix ESCAPE '!'"
                + " ORDER BY username LIMIT :limit OFFSET :offset")
        .param("prefix", likePrefix(prefix))
        .param("limit", limit)
        .param("offset", offset)
        .query(UserRepository::storedUser)
        .list();
  }

  long count(String prefix) {
    return jdbc.sql(
            "SELECT COUNT(*) FROM users WHERE deleted_at IS NULL AND username LIKE :prefix"
                + " ESCAPE '!'")
        .param("prefix", likePrefix(prefix))
        .query(Long.class)
        .single();
  }

  /** A LIKE pattern matching names that start with {@code prefix} literally ('!' escapes). */
  private static String likePrefix(String prefix) {
    return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }

  /**
   * Turns the account into a tombstone: disabled, no password, no display name, no roles, the
   * username kept. Returns whether a (not yet deleted) user was found.
   */
  boolean markDeleted(UUID id, Instant now) {
    boolean found =
        jdbc.sql(
                    """
                    UPDATE users SET deleted_at = :now, enabled = FALSE, password_hash = NULL,
                                     display_name = NULL, must_change_password = FALSE
                    WHERE id = :id AND deleted_at IS NULL
                    """)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("id", id)
                .update()
            > 0;
    if (found) {
      replaceRoles(id, List.of());
    }
    return found;
  }

  /** Whether any row, a deleted one included, holds this username. */
  boolean usernameTaken(String username) {
    return jdbc.sql("SELECT COUNT(*) FROM users WHERE username = :username")
            .param("username", username)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * A user row; {@code toString} leaves the hash out.
   *
   * @param passwordHash absent until the user sets a password (enrollment, setup link) and after
   *     deletion
   * @param deleted a tombstone kept so the username is never reused
   */
  record StoredUser(
      UUID id,
      String username,
      @Nullable String passwordHash,
      boolean enabled,
      @Nullable String displayName,
      boolean mustChangePassword,
      boolean deleted) {

    @Override
    public String toString() {
      return "StoredUser[id="
          + id
          + ", username="
          + username
          + ", enabled="
          + enabled
          + ", deleted="
          + deleted
          + "]";
    }
  }
}
