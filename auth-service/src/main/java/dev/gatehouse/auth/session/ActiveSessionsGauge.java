package dev.gatehouse.auth.session;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * {@code gatehouse_sessions_active}: sessions neither revoked nor past their absolute or idle
 * expiry, as of the last count. Counted every {@code gatehouse.metrics.active-sessions.refresh}
 * (default 30 s), not at each scrape: the count reads the whole {@code sessions} table, which is
 * fine once per interval but not once per scraper per scrape interval per instance. Until the first
 * count, and while the database cannot be read, the gauge keeps its last value ({@code NaN} before
 * the first). Every instance counts the same table: sum by instance would double-count, so use
 * {@code max}.
 */
@Component
final class ActiveSessionsGauge {

  static final String NAME = "gatehouse.sessions.active";

  private static final Logger log = LoggerFactory.getLogger(ActiveSessionsGauge.class);

  private final JdbcClient jdbc;
  private final SessionProperties sessions;
  private final Clock clock;
  private volatile double active = Double.NaN;

  ActiveSessionsGauge(
      JdbcClient jdbc,
      SessionProperties sessions,
      ActiveSessionsProperties properties,
      Clock clock,
      MeterRegistry meters) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.jdbc = jdbc;
    this.sessions = sessions;
    this.clock = clock;
    Gauge.builder(NAME, this, gauge -> gauge.active)
        .description("Sessions not revoked, not expired and not idle, as of the last count")
        .register(meters);
  }

  @Scheduled(
      initialDelayString = "${gatehouse.metrics.active-sessions.initial-delay:5s}",
      fixedDelayString = "${gatehouse.metrics.active-sessions.refresh:30s}")
  void scheduled() {
    try {
      refresh();
    } catch (DataAccessException e) {
      log.warn("Could not count active sessions: {}", e.getMessage());
    }
  }

  /** Counts now; returns the count. */
  long refresh() {
    Instant now = clock.instant();
    long count =
        jdbc.sql(
                "SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL AND expires_at > :now"
                    + " AND last_seen_at > :idleSince")
            .param("now", at(now))
            .param("idleSince", at(now.minus(sessions.idleTimeout())))
            .query(Long.class)
            .single();
    active = count;
    return count;
  }

  private static OffsetDateTime at(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
