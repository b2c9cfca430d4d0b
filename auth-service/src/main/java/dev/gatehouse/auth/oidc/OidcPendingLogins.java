package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.session.IdpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * A provider login waiting for Gatehouse's own second factor: what the provider said (its session,
 * the {@code amr}), stored beside the pending TOTP step under the SHA-256 of that step's challenge,
 * until its code passes and the session is created. Single use, expiring with the step.
 */
@Component
public final class OidcPendingLogins {

  private final JdbcClient jdbc;
  private final Clock clock;

  OidcPendingLogins(JdbcClient jdbc, Clock clock) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * What the provider said about a login.
   *
   * @param idp the provider session
   * @param amr the methods the session will record (the provider's, normalised)
   */
  public record ProviderLogin(IdpSession idp, List<String> amr) {}

  public void remember(String challenge, ProviderLogin login, Duration timeout) {
    Assert.hasText(challenge, "challenge cannot be empty");
    Instant now = clock.instant();
    jdbc.sql("DELETE FROM oidc_pending_logins WHERE expires_at <= :now")
        .param("now", now.atOffset(ZoneOffset.UTC))
        .update();
    jdbc.sql(
            """
            INSERT INTO oidc_pending_logins
              (challenge_hash, issuer, idp_sid, idp_acr, amr, expires_at)
            VALUES (:hash, :issuer, :sid, :acr, :amr, :expires)
            """)
        .param("hash", Sha256.hex(challenge))
        .param("issuer", login.idp().issuer())
        .param("sid", login.idp().sid())
        .param("acr", login.idp().acr())
        .param("amr", String.join(" ", login.amr()))
        .param("expires", now.plus(timeout).atOffset(ZoneOffset.UTC))
        .update();
  }

  /** The provider login behind a pending step, once; empty for a password login's step. */
  public Optional<ProviderLogin> take(String challenge) {
    String hash = Sha256.hex(challenge);
    Optional<ProviderLogin> found =
        jdbc.sql(
                """
                SELECT issuer, idp_sid, idp_acr, amr FROM oidc_pending_logins
                WHERE challenge_hash = :hash AND expires_at > :now
                """)
            .param("hash", hash)
            .param("now", clock.instant().atOffset(ZoneOffset.UTC))
            .query(
                (rs, row) ->
                    new ProviderLogin(
                        new IdpSession(
                            rs.getString("issuer"),
                            rs.getString("idp_sid"),
                            rs.getString("idp_acr")),
                        List.of(rs.getString("amr").split(" "))))
            .optional();
    jdbc.sql("DELETE FROM oidc_pending_logins WHERE challenge_hash = :hash")
        .param("hash", hash)
        .update();
    return found;
  }
}
