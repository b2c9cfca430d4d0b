package dev.gatehouse.auth.oidc.logout;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The {@code jti} of every logout token accepted, per issuer, in PostgreSQL ({@code
 * oidc_logout_tokens}), so that a replayed token is refused by every auth-service instance (OpenID
 * Connect Back-Channel Logout 1.0 §2.6 step 8 allows this check; Gatehouse makes it). The primary
 * key decides: of two instances receiving the same token at once, the second insert waits for the
 * first transaction and then fails. An entry is kept until its token would be refused as too old
 * anyway, then purged.
 */
@Component
final class LogoutTokenReplayCache {

  private static final Logger log = LoggerFactory.getLogger(LogoutTokenReplayCache.class);

  private final JdbcClient jdbc;
  private final Clock clock;

  LogoutTokenReplayCache(JdbcClient jdbc, Clock clock) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Remembers the token's {@code jti}; run in the transaction that revokes its sessions, so a
   * rolled back logout leaves the token usable again.
   *
   * @throws InvalidLogoutTokenException when the {@code jti} was seen before
   */
  void remember(LogoutToken token) {
    try {
      jdbc.sql(
              """
              INSERT INTO oidc_logout_tokens (issuer, jti, received_at, expires_at)
              VALUES (:iss, :jti, :now, :expires)
              """)
          .param("iss", token.issuer())
          .param("jti", token.jti())
          .param("now", clock.instant().atOffset(ZoneOffset.UTC))
          .param("expires", token.rememberUntil().atOffset(ZoneOffset.UTC))
          .update();
    } catch (DuplicateKeyException ex) {
      throw new InvalidLogoutTokenException("jti was seen before (replay)");
    }
  }

  @Scheduled(
      initialDelayString = "${gatehouse.oidc.logout.replay-purge-interval:10m}",
      fixedDelayString = "${gatehouse.oidc.logout.replay-purge-interval:10m}")
  void scheduledPurge() {
    purge();
  }

  /** Deletes the entries whose tokens are too old to be accepted; returns how many. */
  int purge() {
    Instant now = clock.instant();
    int purged =
        jdbc.sql("DELETE FROM oidc_logout_tokens WHERE expires_at < :now")
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update();
    if (purged > 0) {
      log.debug("purged {} remembered logout-token ids", purged);
    }
    return purged;
  }

  @Override
  public String toString() {
    return "LogoutTokenReplayCache";
  }
}
