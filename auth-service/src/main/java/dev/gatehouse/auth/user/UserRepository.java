package dev.gatehouse.auth.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/** The {@code users} and {@code user_roles} tables. */
@Component
final class UserRepository {

  private final JdbcClient jdbc;

  UserRepository(JdbcClient jdbc) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    this.jdbc = jdbc;
  }

  Optional<StoredUser> findByUsername(String username) {
    return jdbc.sql(
            "SELECT id, username, password_hash, enabled FROM users WHERE username = :username")
        .param("username", username)
        .query(UserRepository::storedUser)
        .optional();
  }

  Optional<StoredUser> findById(UUID id) {
    return jdbc.sql("SELECT id, username, password_hash, enabled FROM users WHERE id = :id")
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
        rs.getBoolean("enabled"));
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
                  jdbc.sql("UPDATE users SET password_hash = :hash, enabled = TRUE WHERE id = :id")
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
    jdbc.sql("DELETE FROM user_roles WHERE user_id = :id").param("id", id).update();
    for (String role : roles) {
      jdbc.sql("INSERT INTO user_roles (user_id, role) VALUES (:id, :role)")
          .param("id", id)
          .param("role", role)
          .update();
    }
    return id;
  }

  /** A user row; {@code toString} leaves the hash out. */
  record StoredUser(UUID id, String username, String passwordHash, boolean enabled) {

    @Override
    public String toString() {
      return "StoredUser[id=" + id + ", username=" + username + ", enabled=" + enabled + "]";
    }
  }
}
