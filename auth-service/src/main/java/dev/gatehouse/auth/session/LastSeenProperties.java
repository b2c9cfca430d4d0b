package dev.gatehouse.auth.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * How often introspection records a session's activity. Writing {@code last_seen_at} on every
 * introspection was a database write (and, on PostgreSQL, a commit) per call on the gateway's cache
 * miss path; once per interval per session keeps the idle timeout and the operator page right to
 * within the interval.
 *
 * @param lastSeenInterval an introspection writes {@code last_seen_at} only when the stored value
 *     is at least this old; default 60 s. The "Last seen" that operators and users see lags real
 *     activity by less than this, and an idle session ends up to this much before {@code
 *     idle-timeout} of true inactivity (never later). {@code 0s} writes on every introspection.
 *     Must be shorter than {@code gatehouse.session.idle-timeout}
 */
@ConfigurationProperties("gatehouse.session")
@Validated
record LastSeenProperties(@DefaultValue("60s") Duration lastSeenInterval) {

  LastSeenProperties {
    Assert.isTrue(
        !lastSeenInterval.isNegative(), "gatehouse.session.last-seen-interval cannot be negative");
  }
}
