package dev.gatehouse.auth.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * The counters in Redis, shared by every auth-service instance. Each check-and-count is one small
 * Lua script, which Redis runs atomically; each key expires by itself ({@code PEXPIRE}) once it no
 * longer matters. The times inside come from the caller's clock, passed in as epoch milliseconds,
 * so all decisions use the same clock as the rest of the service.
 *
 * <p>Keys: {@code gatehouse:login-throttle:ip:<address>} (hash {@code count}, {@code ends}) and
 * {@code gatehouse:login-throttle:user:<hash>} (hash {@code failures}, {@code locked}, {@code
 * forget}). The backoff schedule is computed in Java ({@link
 * LoginThrottleProperties#backoffSchedule()}) and passed to the script, so there is one formula.
 */
final class RedisThrottleStore implements ThrottleStore {

  static final String KEY_PREFIX = "gatehouse:login-throttle:";

  /** KEYS[1]; ARGV: now, max, window (ms). Returns 0 when counted, else the window's end. */
  private static final RedisScript<Long> COUNT_CLIENT =
      RedisScript.of(
          """
          local now = tonumber(ARGV[1])
          local ends = tonumber(redis.call('HGET', KEYS[1], 'ends') or '0')
          local count = 0
          if ends > now then
            count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
          else
            ends = now + tonumber(ARGV[3])
          end
          if count >= tonumber(ARGV[2]) then
            return ends
          end
          redis.call('HSET', KEYS[1], 'count', count + 1, 'ends', ends)
          redis.call('PEXPIRE', KEYS[1], ends - now)
          return 0
          """,
          Long.class);

  private static final RedisScript<Long> UNCOUNT_CLIENT =
      RedisScript.of(
          """
          local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
          if count > 0 then
            redis.call('HINCRBY', KEYS[1], 'count', -1)
          end
          return 0
          """,
          Long.class);

  /**
   * KEYS[1]; ARGV: now, max-failures, max-backoff (ms, how long failures are remembered after a
   * lock), then the backoff schedule (ms). Returns 0 when counted, else the lock's end.
   */
  private static final RedisScript<Long> COUNT_USERNAME =
      RedisScript.of(
          """
          local now = tonumber(ARGV[1])
          local locked = tonumber(redis.call('HGET', KEYS[1], 'locked') or '0')
          if locked > now then
            return locked
          end
          local failures = 0
          if tonumber(redis.call('HGET', KEYS[1], 'forget') or '0') > now then
            failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0')
          end
          failures = failures + 1
          local max = tonumber(ARGV[2])
          -- below the threshold there is no lock at all (0), not a lock ending now: a concurrent
          -- attempt whose clock read an earlier "now" must not see one
          local lockedUntil = 0
          local forget = now + tonumber(ARGV[3])
          if failures >= max then
            local step = math.min(failures - max + 1, #ARGV - 3)
            lockedUntil = now + tonumber(ARGV[3 + step])
            forget = lockedUntil + tonumber(ARGV[3])
          end
          redis.call('HSET', KEYS[1], 'failures', failures, 'locked', lockedUntil, 'forget', forget)
          redis.call('PEXPIRE', KEYS[1], forget - now)
          return 0
          """,
          Long.class);

  /** KEYS[1]; ARGV: max-failures. Takes one failure back; below max-failures, the lock too. */
  private static final RedisScript<Long> UNCOUNT_USERNAME =
      RedisScript.of(
          """
          local failures = tonumber(redis.call('HGET', KEYS[1], 'failures') or '0') - 1
          if failures <= 0 then
            redis.call('DEL', KEYS[1])
            return 0
          end
          redis.call('HSET', KEYS[1], 'failures', failures)
          if failures < tonumber(ARGV[1]) then
            redis.call('HSET', KEYS[1], 'locked', 0)
          end
          return 0
          """,
          Long.class);

  private final StringRedisTemplate redis;

  RedisThrottleStore(StringRedisTemplate redis) {
    Assert.notNull(redis, "redis cannot be null");
    this.redis = redis;
  }

  @Override
  public Optional<Instant> countClientAttempt(String key, int max, Duration window, Instant now) {
    return refusedUntil(
        redis.execute(
            COUNT_CLIENT,
            List.of(KEY_PREFIX + key),
            millis(now),
            Integer.toString(max),
            Long.toString(window.toMillis())));
  }

  @Override
  public void uncountClientAttempt(String key) {
    redis.execute(UNCOUNT_CLIENT, List.of(KEY_PREFIX + key));
  }

  @Override
  public Optional<Instant> countUsernameAttempt(
      String key, LoginThrottleProperties policy, Instant now) {
    List<String> args = new ArrayList<>();
    args.add(millis(now));
    args.add(Integer.toString(policy.maxFailures()));
    args.add(Long.toString(policy.maxBackoff().toMillis()));
    policy.backoffSchedule().forEach(lock -> args.add(Long.toString(lock.toMillis())));
    return refusedUntil(
        redis.execute(COUNT_USERNAME, List.of(KEY_PREFIX + key), args.toArray(Object[]::new)));
  }

  @Override
  public void uncountUsernameAttempt(String key, LoginThrottleProperties policy) {
    redis.execute(
        UNCOUNT_USERNAME, List.of(KEY_PREFIX + key), Integer.toString(policy.maxFailures()));
  }

  @Override
  public void resetUsername(String key) {
    redis.delete(KEY_PREFIX + key);
  }

  @Override
  public String toString() {
    return "RedisThrottleStore[prefix=" + KEY_PREFIX + "]";
  }

  private static String millis(Instant instant) {
    return Long.toString(instant.toEpochMilli());
  }

  private static Optional<Instant> refusedUntil(@Nullable Long result) {
    if (result == null) {
      throw new IllegalStateException("Redis returned no result for a throttle script");
    }
    return (result == 0L) ? Optional.empty() : Optional.of(Instant.ofEpochMilli(result));
  }
}
