package dev.gatehouse.auth.session;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * How long ended sessions and old revocation-log entries are kept before the purge deletes them.
 * The audit trail is never purged here.
 *
 * @param sessions a session that ended (expired, idle, revoked) longer ago than this is deleted
 * @param revocationLog a revocation-log entry older than this is deleted; longer than any gateway
 *     cache or its memory of revoked sessions (15 min by default), so no gateway can miss one
 * @param interval how often the purge runs
 */
@ConfigurationProperties("gatehouse.retention")
@Validated
record RetentionProperties(
    @DefaultValue("7d") @NotNull Duration sessions,
    @DefaultValue("7d") @NotNull Duration revocationLog,
    @DefaultValue("1h") @NotNull Duration interval) {

  RetentionProperties {
    Assert.isTrue(
        revocationLog.compareTo(Duration.ofHours(1)) >= 0,
        "gatehouse.retention.revocation-log must be at least 1h: gateways read the log to catch up");
    Assert.isTrue(
        !sessions.isNegative() && !interval.isNegative() && !interval.isZero(),
        "gatehouse.retention.sessions and interval must be positive");
  }
}
