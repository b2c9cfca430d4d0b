package dev.gatehouse.auth.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.util.Assert;

/**
 * The counters in this instance's memory: two bounded Caffeine caches updated with atomic {@code
 * compute}. Each entry carries its own lifetime (a window's end; a lock's end plus {@code
 * max-backoff}), after which it is dropped. Whether an entry still counts is decided with the
 * injected clock; the caches' own timer only frees the memory.
 *
 * <p>The bound keeps a flood of made-up names from exhausting memory. When full, Caffeine keeps the
 * entries asked for most often (W-TinyLFU), so a username under attack stays counted while a flood
 * of one-off names competes with itself.
 */
final class MemoryThrottleStore implements ThrottleStore {

  static final int DEFAULT_MAX_ENTRIES = 100_000;

  private final Cache<String, Window> clients;
  private final Cache<String, Failures> usernames;

  MemoryThrottleStore() {
    this(DEFAULT_MAX_ENTRIES);
  }

  MemoryThrottleStore(int maxEntries) {
    Assert.isTrue(maxEntries > 0, "maxEntries must be positive");
    this.clients =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(new UntilDeadline<Window>())
            .build();
    this.usernames =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(new UntilDeadline<Failures>())
            .build();
  }

  @Override
  public Optional<Instant> countClientAttempt(String key, int max, Duration window, Instant now) {
    AtomicReference<Instant> full = new AtomicReference<>();
    clients
        .asMap()
        .compute(
            key,
            (k, current) -> {
              Window open =
                  (current != null && current.ends().isAfter(now))
                      ? current
                      : Window.opening(now, window);
              if (open.count() >= max) {
                full.set(open.ends());
                return open;
              }
              return open.plusOne();
            });
    return Optional.ofNullable(full.get());
  }

  @Override
  public void uncountClientAttempt(String key) {
    clients
        .asMap()
        .computeIfPresent(
            key, (k, current) -> (current.count() > 0) ? current.minusOne() : current);
  }

  @Override
  public Optional<Instant> countUsernameAttempt(
      String key, LoginThrottleProperties policy, Instant now) {
    AtomicReference<Instant> locked = new AtomicReference<>();
    usernames
        .asMap()
        .compute(
            key,
            (k, current) -> {
              if (current != null && current.lockedUntil().isAfter(now)) {
                locked.set(current.lockedUntil());
                return current;
              }
              int failures =
                  (current != null && current.forgetAt().isAfter(now)) ? current.count() + 1 : 1;
              return Failures.after(failures, now, policy);
            });
    return Optional.ofNullable(locked.get());
  }

  @Override
  public void uncountUsernameAttempt(String key, LoginThrottleProperties policy) {
    usernames
        .asMap()
        .computeIfPresent(
            key,
            (k, current) -> {
              int failures = current.count() - 1;
              if (failures <= 0) {
                return null;
              }
              Instant lockedUntil =
                  (failures < policy.maxFailures()) ? Instant.EPOCH : current.lockedUntil();
              return new Failures(
                  failures, lockedUntil, current.forgetAt(), current.deadlineNanos());
            });
  }

  @Override
  public void resetUsername(String key) {
    usernames.invalidate(key);
  }

  @Override
  public String toString() {
    return "MemoryThrottleStore[clients="
        + clients.estimatedSize()
        + ", usernames="
        + usernames.estimatedSize()
        + "]";
  }

  /** An entry the cache drops at {@code deadlineNanos} (on {@link System#nanoTime()}'s scale). */
  private interface Expiring {
    long deadlineNanos();
  }

  /**
   * Attempts from one client in the window that ends at {@code ends}.
   *
   * @param count attempts counted so far
   */
  private record Window(int count, Instant ends, long deadlineNanos) implements Expiring {

    static Window opening(Instant now, Duration window) {
      return new Window(0, now.plus(window), System.nanoTime() + window.toNanos());
    }

    Window plusOne() {
      return new Window(count + 1, ends, deadlineNanos);
    }

    Window minusOne() {
      return new Window(count - 1, ends, deadlineNanos);
    }
  }

  /**
   * A username's consecutive failures.
   *
   * @param lockedUntil no attempt before this instant (in the past when not locked)
   * @param forgetAt the failures stop counting at this instant
   */
  private record Failures(int count, Instant lockedUntil, Instant forgetAt, long deadlineNanos)
      implements Expiring {

    static Failures after(int count, Instant now, LoginThrottleProperties policy) {
      Duration lock = policy.lockAfter(count);
      // Below the threshold there is no lock at all, not one ending now: a concurrent attempt
      // whose clock read an earlier instant must not see one.
      Instant lockedUntil = lock.isZero() ? Instant.EPOCH : now.plus(lock);
      Duration kept = lock.plus(policy.maxBackoff());
      return new Failures(count, lockedUntil, now.plus(kept), System.nanoTime() + kept.toNanos());
    }
  }

  /** Keeps each entry until its own deadline; an unchanged entry keeps its deadline. */
  private static final class UntilDeadline<V extends Expiring> implements Expiry<String, V> {

    @Override
    public long expireAfterCreate(String key, V value, long currentTime) {
      return Math.max(0, value.deadlineNanos() - currentTime);
    }

    @Override
    public long expireAfterUpdate(String key, V value, long currentTime, long currentDuration) {
      return Math.max(0, value.deadlineNanos() - currentTime);
    }

    @Override
    public long expireAfterRead(String key, V value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
