package dev.gatehouse.auth.oidc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The {@code user_identities} table (an OpenID provider's (issuer, {@code sub}) linked to a
 * Gatehouse user) and the provider columns of {@code sessions} ({@code idp_issuer}, {@code
 * idp_sid}): the look-ups OpenID Connect Back-Channel Logout 1.0 §2.5 needs to find the sessions a
 * logout token names. Reads only; sessions are revoked through the revocation feature.
 */
@Component
public final class OidcIdentities {

  private final JdbcClient jdbc;

  OidcIdentities(JdbcClient jdbc) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    this.jdbc = jdbc;
  }

  /** The Gatehouse user an identity is linked to, whatever that user's state. */
  public Optional<UUID> findUser(String issuer, String subject) {
    Assert.hasText(issuer, "issuer cannot be empty");
    Assert.hasText(subject, "subject cannot be empty");
    return jdbc.sql("SELECT user_id FROM user_identities WHERE issuer = :iss AND subject = :sub")
        .param("iss", issuer)
        .param("sub", subject)
        .query(UUID.class)
        .optional();
  }

  /**
   * The Gatehouse sessions, neither revoked nor past their absolute expiry, that logins through the
   * provider session {@code idpSid} of {@code issuer} created (the ID token's {@code sid}).
   */
  public List<UUID> findLiveSessions(String issuer, String idpSid, Instant now) {
    Assert.hasText(issuer, "issuer cannot be empty");
    Assert.hasText(idpSid, "idpSid cannot be empty");
    return jdbc.sql(
            """
            SELECT sid FROM sessions
            WHERE idp_issuer = :iss AND idp_sid = :idpSid
              AND revoked_at IS NULL AND expires_at > :now
            ORDER BY sid
            """)
        .param("iss", issuer)
        .param("idpSid", idpSid)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .query(UUID.class)
        .list();
  }

  /**
   * The live Gatehouse sessions that logins through {@code issuer} as {@code subject} created, for
   * a logout token with a {@code sub} and no {@code sid}.
   */
  public List<UUID> findLiveSessionsOfSubject(String issuer, String subject, Instant now) {
    Assert.hasText(issuer, "issuer cannot be empty");
    Assert.hasText(subject, "subject cannot be empty");
    return jdbc.sql(
            """
            SELECT s.sid FROM sessions s
            JOIN user_identities i ON i.user_id = s.user_id
            WHERE i.issuer = :iss AND i.subject = :sub AND s.idp_issuer = :iss
              AND s.revoked_at IS NULL AND s.expires_at > :now
            ORDER BY s.sid
            """)
        .param("iss", issuer)
        .param("sub", subject)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .query(UUID.class)
        .list();
  }

  /** Links an identity to a user; the caller runs it in the transaction of its audit row. */
  void link(String issuer, String subject, UUID userId, String registrationId, Instant now) {
    jdbc.sql(
            """
            INSERT INTO user_identities
              (issuer, subject, user_id, registration_id, linked_at, last_login_at)
            VALUES (:iss, :sub, :user, :reg, :now, :now)
            """)
        .param("iss", issuer)
        .param("sub", subject)
        .param("user", userId)
        .param("reg", registrationId)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
  }

  void recordLogin(String issuer, String subject, Instant now) {
    jdbc.sql(
            """
            UPDATE user_identities SET last_login_at = :now
            WHERE issuer = :iss AND subject = :sub
            """)
        .param("iss", issuer)
        .param("sub", subject)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
  }
}
