package dev.gatehouse.auth.mfa;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/** The {@code user_mfa}, {@code mfa_recovery_codes} and {@code mfa_challenges} tables. */
@Component
final class MfaRepository {

  private final JdbcClient jdbc;

  MfaRepository(JdbcClient jdbc) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    this.jdbc = jdbc;
  }

  Optional<Enrollment> findEnrollment(UUID userId) {
    return jdbc.sql("SELECT secret, enrolled_at, last_step FROM user_mfa WHERE user_id = :user")
        .param("user", userId)
        .query(
            (rs, n) ->
                new Enrollment(
                    rs.getString("secret"),
                    rs.getObject("enrolled_at", OffsetDateTime.class).toInstant(),
                    rs.getLong("last_step")))
        .optional();
  }

  /** Locks the enrollment row, so two codes checked at once cannot both pass (replay). */
  Optional<Enrollment> lockEnrollment(UUID userId) {
    return jdbc.sql(
            "SELECT secret, enrolled_at, last_step FROM user_mfa WHERE user_id = :user FOR UPDATE")
        .param("user", userId)
        .query(
            (rs, n) ->
                new Enrollment(
                    rs.getString("secret"),
                    rs.getObject("enrolled_at", OffsetDateTime.class).toInstant(),
                    rs.getLong("last_step")))
        .optional();
  }

  /** Records the step of the code just accepted; only ever forward. */
  void useStep(UUID userId, long step) {
    jdbc.sql("UPDATE user_mfa SET last_step = :step WHERE user_id = :user AND last_step < :step")
        .param("step", step)
        .param("user", userId)
        .update();
  }

  /** Replaces any earlier enrollment and its recovery codes. */
  void enroll(UUID userId, String secret, Instant now, long step, Collection<String> codeHashes) {
    delete(userId);
    jdbc.sql(
            """
            INSERT INTO user_mfa (user_id, secret, enrolled_at, last_step)
            VALUES (:user, :secret, :now, :step)
            """)
        .param("user", userId)
        .param("secret", secret)
        .param("now", utc(now))
        .param("step", step)
        .update();
    replaceRecoveryCodes(userId, codeHashes);
  }

  /** Returns whether the user was enrolled. */
  boolean delete(UUID userId) {
    jdbc.sql("DELETE FROM mfa_recovery_codes WHERE user_id = :user").param("user", userId).update();
    return jdbc.sql("DELETE FROM user_mfa WHERE user_id = :user").param("user", userId).update()
        > 0;
  }

  void replaceRecoveryCodes(UUID userId, Collection<String> codeHashes) {
    jdbc.sql("DELETE FROM mfa_recovery_codes WHERE user_id = :user").param("user", userId).update();
    for (String hash : codeHashes) {
      jdbc.sql("INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (:user, :hash)")
          .param("user", userId)
          .param("hash", hash)
          .update();
    }
  }

  /** Deletes the code; whether it was there (single use: a second delete finds nothing). */
  boolean useRecoveryCode(UUID userId, String codeHash) {
    return jdbc.sql("DELETE FROM mfa_recovery_codes WHERE user_id = :user AND code_hash = :hash")
            .param("user", userId)
            .param("hash", codeHash)
            .update()
        > 0;
  }

  int recoveryCodesLeft(UUID userId) {
    return jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = :user")
        .param("user", userId)
        .query(Integer.class)
        .single();
  }

  List<String> roles(UUID userId) {
    return jdbc.sql("SELECT role FROM user_roles WHERE user_id = :user ORDER BY role")
        .param("user", userId)
        .query(String.class)
        .list();
  }

  @Nullable String username(UUID userId) {
    return jdbc.sql("SELECT username FROM users WHERE id = :user")
        .param("user", userId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  /** The username, or the id as text when there is none: the name the throttle counts under. */
  String usernameOrId(UUID userId) {
    String username = username(userId);
    return username != null ? username : userId.toString();
  }

  void insertChallenge(
      String idHash, UUID userId, String purpose, @Nullable String secret, Instant expiresAt) {
    jdbc.sql(
            """
            INSERT INTO mfa_challenges (id_hash, user_id, purpose, secret, expires_at, attempts)
            VALUES (:id, :user, :purpose, :secret, :expires, 0)
            """)
        .param("id", idHash)
        .param("user", userId)
        .param("purpose", purpose)
        .param("secret", secret)
        .param("expires", utc(expiresAt))
        .update();
  }

  /** The challenge, locked, when it has not expired; expired ones are left to the purge. */
  Optional<StoredChallenge> lockChallenge(String idHash, Instant now) {
    return jdbc.sql(
            """
            SELECT user_id, purpose, secret, attempts FROM mfa_challenges
            WHERE id_hash = :id AND expires_at > :now
            FOR UPDATE
            """)
        .param("id", idHash)
        .param("now", utc(now))
        .query(
            (rs, n) ->
                new StoredChallenge(
                    rs.getObject("user_id", UUID.class),
                    rs.getString("purpose"),
                    rs.getString("secret"),
                    rs.getInt("attempts")))
        .optional();
  }

  void countFailedAttempt(String idHash) {
    jdbc.sql("UPDATE mfa_challenges SET attempts = attempts + 1 WHERE id_hash = :id")
        .param("id", idHash)
        .update();
  }

  void deleteChallenge(String idHash) {
    jdbc.sql("DELETE FROM mfa_challenges WHERE id_hash = :id").param("id", idHash).update();
  }

  int purgeChallenges(Instant now) {
    return jdbc.sql("DELETE FROM mfa_challenges WHERE expires_at <= :now")
        .param("now", utc(now))
        .update();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  /** An enrollment row; {@code toString} leaves the (encrypted) secret out anyway. */
  record Enrollment(String secret, Instant enrolledAt, long lastStep) {
    @Override
    public String toString() {
      return "Enrollment[enrolledAt=" + enrolledAt + ", lastStep=" + lastStep + "]";
    }
  }

  record StoredChallenge(UUID userId, String purpose, @Nullable String secret, int attempts) {
    @Override
    public String toString() {
      return "StoredChallenge[userId=" + userId + ", purpose=" + purpose + "]";
    }
  }
}
