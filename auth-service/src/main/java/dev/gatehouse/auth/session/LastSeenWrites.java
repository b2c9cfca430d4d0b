package dev.gatehouse.auth.session;

import java.time.Duration;
import java.time.Instant;
import org.springframework.util.Assert;

/**
 * Decides whether an introspection records activity: only when the stored {@code last_seen_at} is
 * at least {@link LastSeenProperties#lastSeenInterval()} old, so a busy session costs one write per
 * interval instead of one per call. The idle timeout is measured from the stored value, so it must
 * be longer than the interval, or a session in constant use could idle out between two writes.
 */
final class LastSeenWrites {

  private final Duration interval;

  LastSeenWrites(Duration interval, Duration idleTimeout) {
    Assert.notNull(interval, "interval cannot be null");
    Assert.notNull(idleTimeout, "idleTimeout cannot be null");
    Assert.isTrue(
        interval.compareTo(idleTimeout) < 0,
        "gatehouse.session.last-seen-interval ("
            + interval
            + ") must be shorter than gatehouse.session.idle-timeout ("
            + idleTimeout
            + ")");
    this.interval = interval;
  }

  /** Whether activity at {@code now} must be written over the stored {@code lastSeenAt}. */
  boolean due(Instant lastSeenAt, Instant now) {
    return !now.isBefore(lastSeenAt.plus(interval)) && now.isAfter(lastSeenAt);
  }

  @Override
  public String toString() {
    return "LastSeenWrites[interval=" + interval + "]";
  }
}
