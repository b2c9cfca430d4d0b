package dev.gatehouse.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.Assert;

/**
 * The shared store, with this instance's memory behind it: when the shared store fails, the request
 * is counted in memory instead, and the shared store is left alone for {@link #RETRY_INTERVAL} so a
 * dead Redis does not add its timeout to every login.
 *
 * <p>Why neither of the other choices: refusing every login while Redis is down (fail closed) would
 * turn a cache outage into a login outage for everyone; letting every attempt through (fail open)
 * would switch throttling off silently, exactly when nobody watches. In memory, throttling goes on
 * with the same limits per instance: with N instances an attacker gets at most N times the budget,
 * for as long as the outage lasts, and the counters start from zero. One WARN line marks the start
 * of an outage, one INFO line its end.
 */
final class FallbackThrottleStore implements ThrottleStore {

  static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(FallbackThrottleStore.class);

  private final ThrottleStore shared;
  private final ThrottleStore local;
  private final Clock clock;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private volatile @Nullable Instant retryAt;

  FallbackThrottleStore(ThrottleStore shared, ThrottleStore local, Clock clock) {
    Assert.notNull(shared, "shared cannot be null");
    Assert.notNull(local, "local cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.shared = shared;
    this.local = local;
    this.clock = clock;
  }

  @Override
  public Optional<Instant> countClientAttempt(String key, int max, Duration window, Instant now) {
    return call(store -> store.countClientAttempt(key, max, window, now));
  }

  @Override
  public void uncountClientAttempt(String key) {
    call(
        store -> {
          store.uncountClientAttempt(key);
          return Boolean.TRUE;
        });
  }

  @Override
  public Optional<Instant> countUsernameAttempt(
      String key, LoginThrottleProperties policy, Instant now) {
    return call(store -> store.countUsernameAttempt(key, policy, now));
  }

  @Override
  public void uncountUsernameAttempt(String key, LoginThrottleProperties policy) {
    call(
        store -> {
          store.uncountUsernameAttempt(key, policy);
          return Boolean.TRUE;
        });
  }

  @Override
  public void resetUsername(String key) {
    call(
        store -> {
          store.resetUsername(key);
          return Boolean.TRUE;
        });
  }

  /** Whether the shared store is being skipped after a failure. */
  boolean degraded() {
    return degraded.get();
  }

  @Override
  public String toString() {
    return "FallbackThrottleStore[" + shared + " else " + local + "]";
  }

  private <T> T call(Function<ThrottleStore, T> operation) {
    Instant retry = retryAt;
    if (retry != null && clock.instant().isBefore(retry)) {
      return operation.apply(local);
    }
    T result;
    try {
      result = operation.apply(shared);
    } catch (RuntimeException ex) {
      retryAt = clock.instant().plus(RETRY_INTERVAL);
      if (degraded.compareAndSet(false, true)) {
        // The exception's text names the server and the failure, never a key or a username.
        log.warn(
            "Login throttle: the shared store failed ({}); counting in this instance's memory"
                + " until it answers again",
            ex.toString());
      } else {
        log.debug("Login throttle: the shared store still fails ({})", ex.toString());
      }
      return operation.apply(local);
    }
    if (degraded.compareAndSet(true, false)) {
      retryAt = null;
      log.info("Login throttle: the shared store answers again; counters are shared again");
    }
    return result;
  }
}
