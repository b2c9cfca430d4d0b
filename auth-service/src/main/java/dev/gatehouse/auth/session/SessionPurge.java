package dev.gatehouse.auth.session;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Deletes sessions that ended long ago and, through the revocation feature ({@link
 * RevocationLogRetention}), old revocation-log entries, so neither table grows for ever.
 * Idempotent: several auth-service instances may run it at the same time.
 */
@Component
final class SessionPurge {

  private static final Logger log = LoggerFactory.getLogger(SessionPurge.class);

  private final JdbcClient jdbc;
  private final RevocationLogRetention revocationLog;
  private final RetentionProperties retention;
  private final Clock clock;

  SessionPurge(
      JdbcClient jdbc,
      RevocationLogRetention revocationLog,
      RetentionProperties retention,
      Clock clock) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    Assert.notNull(revocationLog, "revocationLog cannot be null");
    Assert.notNull(retention, "retention cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.jdbc = jdbc;
    this.revocationLog = revocationLog;
    this.retention = retention;
    this.clock = clock;
  }

  @Scheduled(
      initialDelayString = "${gatehouse.retention.interval:1h}",
      fixedDelayString = "${gatehouse.retention.interval:1h}")
  void scheduled() {
    purge();
  }

  /** Runs one purge; returns the number of sessions and log entries deleted. */
  Purged purge() {
    Instant now = clock.instant();
    OffsetDateTime sessionsBefore = at(now.minus(retention.sessions()));
    // A session not seen since the cutoff ended at least (retention - idle timeout) ago: retention
    // is days, the idle timeout minutes.
    int sessions =
        jdbc.sql(
                "DELETE FROM sessions WHERE expires_at < :cutoff OR revoked_at < :cutoff"
                    + " OR last_seen_at < :cutoff")
            .param("cutoff", sessionsBefore)
            .update();
    int revocations = revocationLog.purgeBefore(now.minus(retention.revocationLog()));
    if (sessions > 0 || revocations > 0) {
      log.info(
          "purged {} ended sessions and {} revocation-log entries older than the retention",
          sessions,
          revocations);
    }
    return new Purged(sessions, revocations);
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** What one purge deleted. */
  record Purged(int sessions, int revocationLogEntries) {}
}
