package dev.gatehouse.auth.throttle;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * Login throttling (OWASP ASVS 4.0.3 2.2.1, 5.0 6.1.1 and 6.3.1): backoff per username, a budget
 * per client address. Backoff rather than a permanent lockout, so an attacker cannot lock a user
 * out for good, only slow every guess down.
 *
 * @param maxFailures consecutive failed logins for one username (the name as submitted, whether or
 *     not it exists) before it is locked; default 5
 * @param initialBackoff how long the first lock lasts; every further failure after a lock doubles
 *     it; default 30 s
 * @param maxBackoff the longest lock; also how long a username's failures are remembered after its
 *     lock ends (or after its last failure); default 15 min
 * @param ipMaxFailures unsuccessful logins from one client address (an IPv6 address counts as its
 *     /64) per {@code ip-window}; beyond that the address is refused until the window ends; default
 *     100
 * @param ipWindow the fixed window of {@code ip-max-failures}, opened by the first attempt; default
 *     10 min
 * @param store where the counters live: {@code memory} (this instance only, bounded) or {@code
 *     redis} (shared by every instance, through {@code spring.data.redis.*}; while Redis is
 *     unreachable each instance counts in its own memory); default {@code memory}
 */
@ConfigurationProperties("gatehouse.login.throttle")
@Validated
record LoginThrottleProperties(
    @DefaultValue("5") @Positive int maxFailures,
    @DefaultValue("30s") @NotNull Duration initialBackoff,
    @DefaultValue("15m") @NotNull Duration maxBackoff,
    @DefaultValue("100") @Positive int ipMaxFailures,
    @DefaultValue("10m") @NotNull Duration ipWindow,
    @DefaultValue("memory") @NotNull Store store) {

  LoginThrottleProperties {
    Assert.isTrue(
        initialBackoff.compareTo(Duration.ofSeconds(1)) >= 0,
        "gatehouse.login.throttle.initial-backoff must be at least 1s");
    Assert.isTrue(
        maxBackoff.compareTo(initialBackoff) >= 0,
        "gatehouse.login.throttle.max-backoff must not be shorter than initial-backoff");
    Assert.isTrue(
        ipWindow.compareTo(Duration.ofSeconds(1)) >= 0,
        "gatehouse.login.throttle.ip-window must be at least 1s");
  }

  /** Where the counters live. */
  enum Store {
    /** This instance's memory. */
    MEMORY,
    /** Redis, shared by every instance. */
    REDIS
  }

  /** How long a username is locked after its {@code failures}-th consecutive failure. */
  Duration lockAfter(int failures) {
    if (failures < maxFailures) {
      return Duration.ZERO;
    }
    List<Duration> schedule = backoffSchedule();
    return schedule.get(Math.min(failures - maxFailures, schedule.size() - 1));
  }

  /**
   * The locks after the {@code max-failures}-th, the next, ... failure, doubling up to {@code
   * max-backoff}, which is the last entry and applies from then on.
   */
  List<Duration> backoffSchedule() {
    List<Duration> schedule = new ArrayList<>();
    Duration lock = initialBackoff;
    while (lock.compareTo(maxBackoff) < 0) {
      schedule.add(lock);
      lock = lock.multipliedBy(2);
    }
    schedule.add(maxBackoff);
    return List.copyOf(schedule);
  }
}
