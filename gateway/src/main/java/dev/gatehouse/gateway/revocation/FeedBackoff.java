package dev.gatehouse.gateway.revocation;

import java.time.Duration;
import org.springframework.util.Assert;

/**
 * How long the feed poller waits before its next poll: the poll interval while the feed answers;
 * after {@code n} failed polls in a row, {@code interval × 2^n} capped at {@code max}, with "equal
 * jitter" (a random point in the upper half) so gateways that lost the feed together do not come
 * back in step.
 *
 * @param interval the poll interval, and the base of the backoff
 * @param max the longest wait, however long the feed has been failing
 */
record FeedBackoff(Duration interval, Duration max) {

  FeedBackoff {
    Assert.isTrue(!interval.isNegative() && !interval.isZero(), "interval must be positive");
    Assert.isTrue(max.compareTo(interval) >= 0, "max must be at least the interval");
  }

  /**
   * @param consecutiveFailures failed polls since the last success
   * @param random a number in [0, 1)
   */
  Duration delay(int consecutiveFailures, double random) {
    if (consecutiveFailures <= 0) {
      return interval;
    }
    Duration base = ceiling(consecutiveFailures);
    long half = base.toNanos() / 2;
    return Duration.ofNanos(half + (long) (half * random));
  }

  /**
   * The upper bound of the wait after {@code consecutiveFailures}: {@code interval × 2^n}, capped.
   */
  Duration ceiling(int consecutiveFailures) {
    int doublings = Math.min(consecutiveFailures, 30);
    long nanos = interval.toNanos();
    for (int i = 0; i < doublings && nanos < max.toNanos(); i++) {
      nanos *= 2;
    }
    return nanos < max.toNanos() ? Duration.ofNanos(nanos) : max;
  }
}
