package dev.gatehouse.bench.sessions;

import dev.gatehouse.protocol.SessionTokenFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Real sessions written straight into auth-service's PostgreSQL database: each a fresh token in the
 * shared {@link SessionTokenFormat} (keyed with the secret the benchmark gave the services) whose
 * SHA-256 is stored in a row with exactly the columns auth-service's {@code SessionService} writes
 * at a password login. auth-service cannot tell them from logged-in sessions; only the 100 000
 * argon2 password checks (hours on two cores) are skipped.
 */
final class SeededSessions {

  private static final int BATCH = 1_000;

  private SeededSessions() {}

  /**
   * Inserts {@code count} sessions of {@code username} (who must exist) and returns their raw
   * tokens.
   */
  static List<String> insert(
      String jdbcUrl,
      String user,
      String password,
      String tokenSecret,
      String username,
      int count) {
    SessionTokenFormat format = new SessionTokenFormat(tokenSecret, new SecureRandom());
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    OffsetDateTime created = now.atOffset(ZoneOffset.UTC);
    OffsetDateTime expires = now.plus(Duration.ofHours(12)).atOffset(ZoneOffset.UTC);
    List<String> tokens = new ArrayList<>(count);
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
      UUID userId = userId(connection, username);
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              """
              INSERT INTO sessions
                (sid, token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent, amr)
              VALUES (?, ?, ?, ?, ?, ?, '127.0.0.1', 'gatehouse-bench', 'pwd')
              """)) {
        for (int i = 0; i < count; i++) {
          String token = format.generate();
          tokens.add(token);
          insert.setObject(1, UUID.randomUUID());
          insert.setString(2, sha256Hex(token));
          insert.setObject(3, userId);
          insert.setObject(4, created);
          insert.setObject(5, created);
          insert.setObject(6, expires);
          insert.addBatch();
          if ((i + 1) % BATCH == 0 || i == count - 1) {
            insert.executeBatch();
          }
        }
      }
      connection.commit();
      try (PreparedStatement analyze = connection.prepareStatement("ANALYZE sessions")) {
        analyze.execute();
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("could not seed " + count + " sessions", ex);
    }
    return tokens;
  }

  /** One token per line, for wrk's Lua script. */
  static Path write(List<String> tokens, Path file) {
    try {
      return Files.write(file, tokens, StandardCharsets.US_ASCII);
    } catch (IOException ex) {
      throw new UncheckedIOException("could not write " + file, ex);
    }
  }

  private static UUID userId(Connection connection, String username) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT id FROM users WHERE username = ?")) {
      query.setString(1, username);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new IllegalStateException("no user " + username + " in the database");
        }
        return rows.getObject(1, UUID.class);
      }
    }
  }

  /** What auth-service stores: lower-case hex SHA-256 of the token's characters. */
  static String sha256Hex(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
    }
  }
}
