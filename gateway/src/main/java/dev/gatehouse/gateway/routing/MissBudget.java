package dev.gatehouse.gateway.routing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * A token bucket per client address on session lookups that miss the in-process cache: {@link
 * MissBudgetProperties#clientMissBurst()} at once, refilled at {@link
 * MissBudgetProperties#clientMissRate()} per second. Without it one client sending well-formed
 * unknown tokens turns every request into an introspection call and can push auth-service into
 * overload for everyone (issue 9 item 6); forged tokens never get this far, this bounds the
 * check-valid ones (a leaked secret, or replayed old tokens).
 *
 * <p>State lives in a bounded Caffeine cache that forgets an address once its bucket would be full
 * again anyway, timed by the injected {@link Clock} as the refill is.
 */
@Component
final class MissBudget {

  private final MissBudgetProperties properties;
  private final Clock clock;
  private final Cache<String, Bucket> buckets;

  MissBudget(MissBudgetProperties properties, Clock clock) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.properties = properties;
    this.clock = clock;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(properties.clientMissMaxClients())
            .expireAfterAccess(timeToRefill(properties))
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /**
   * Spends one miss for {@code client}: empty when it may go on, else how long until it may (at
   * least one second, whole seconds, for {@code Retry-After}).
   */
  Optional<Duration> spend(String client) {
    if (!properties.enabled()) {
      return Optional.empty();
    }
    Bucket bucket = buckets.get(client, address -> new Bucket(properties.clientMissBurst(), now()));
    return bucket.take(now(), properties.clientMissRate(), properties.clientMissBurst());
  }

  private long now() {
    return clock.millis();
  }

  /** An address idle this long has a full bucket again: forgetting it changes nothing. */
  private static Duration timeToRefill(MissBudgetProperties properties) {
    if (!properties.enabled()) {
      return Duration.ofSeconds(1);
    }
    long millis =
        (long) Math.ceil(properties.clientMissBurst() * 1000 / properties.clientMissRate());
    return Duration.ofMillis(Math.max(1000, millis));
  }

  @Override
  public String toString() {
    return "MissBudget[rate="
        + properties.clientMissRate()
        + "/s, burst="
        + properties.clientMissBurst()
        + "]";
  }

  /** One address's tokens; guarded by its own monitor, held for a few arithmetic operations. */
  private static final class Bucket {

    private double tokens;
    private long updatedAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedAt = now;
    }

    synchronized Optional<Duration> take(long now, double rate, int burst) {
      long elapsed = Math.max(0, now - updatedAt);
      tokens = Math.min(burst, tokens + elapsed * rate / 1000);
      updatedAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return Optional.empty();
      }
      long waitMillis = (long) Math.ceil((1 - tokens) * 1000 / rate);
      return Optional.of(Duration.ofSeconds(Math.max(1, (waitMillis + 999) / 1000)));
    }
  }
}
