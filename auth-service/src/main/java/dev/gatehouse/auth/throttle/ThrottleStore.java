package dev.gatehouse.auth.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the throttling counters live. Each method is atomic for its key: a check and the count it
 * guards happen in one step, so a burst of parallel attempts cannot all pass a limit before any of
 * them is counted. Every instant comes from the caller's clock, never the store's.
 */
interface ThrottleStore {

  /**
   * Counts one attempt from a client in its fixed window (opened by the first attempt), unless the
   * window already holds {@code max}.
   *
   * @return empty when counted; otherwise the end of the full window
   */
  Optional<Instant> countClientAttempt(String key, int max, Duration window, Instant now);

  /** Takes back one attempt counted for a client (it succeeded); never below zero. */
  void uncountClientAttempt(String key);

  /**
   * Counts one attempt for a username as a failure, locking the username when that reaches {@code
   * max-failures}, unless it is locked already.
   *
   * @return empty when counted; otherwise the end of the lock
   */
  Optional<Instant> countUsernameAttempt(String key, LoginThrottleProperties policy, Instant now);

  /**
   * Takes back one failure counted by {@link #countUsernameAttempt} for an attempt that was never
   * decided (a dependency failed before the password was judged). The lock goes too when the
   * failures left are below {@code max-failures}; never below zero.
   */
  void uncountUsernameAttempt(String key, LoginThrottleProperties policy);

  /** Forgets a username's failures and lock (a successful login). */
  void resetUsername(String key);
}
