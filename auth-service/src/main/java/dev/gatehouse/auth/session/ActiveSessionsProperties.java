package dev.gatehouse.auth.session;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * How often {@code gatehouse_sessions_active} is counted ({@link ActiveSessionsGauge}).
 *
 * @param refresh time between two counts of the sessions table; default 30 s. Each count reads the
 *     whole table once: longer on a very large table, shorter for a livelier gauge
 * @param initialDelay time from start to the first count; default 5 s
 */
@ConfigurationProperties("gatehouse.metrics.active-sessions")
@Validated
record ActiveSessionsProperties(
    @DefaultValue("30s") @NotNull Duration refresh,
    @DefaultValue("5s") @NotNull Duration initialDelay) {

  ActiveSessionsProperties {
    Assert.isTrue(
        !refresh.isNegative() && !refresh.isZero() && !initialDelay.isNegative(),
        "gatehouse.metrics.active-sessions.refresh must be positive, initial-delay not negative");
  }
}
