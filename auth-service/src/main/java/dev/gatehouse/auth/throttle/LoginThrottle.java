package dev.gatehouse.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.Assert;

/**
 * Decides whether a login attempt may check a password at all (OWASP ASVS 4.0.3 2.2.1, 5.0 6.1.1
 * and 6.3.1). Two limits, checked before the password so that a refusal says nothing about it:
 *
 * <ul>
 *   <li>per client address: at most {@code ip-max-failures} unsuccessful attempts per {@code
 *       ip-window}; then every attempt from there is refused until the window ends;
 *   <li>per username, as submitted (normalized), whether or not such a user exists, so a refusal
 *       does not tell which names exist: after {@code max-failures} consecutive failures the name
 *       is locked for {@code initial-backoff}, doubling with every failure after a lock up to
 *       {@code max-backoff}. Backoff, not lockout: when a lock ends, one attempt is allowed again.
 * </ul>
 *
 * <p>An attempt is counted as a failure when it is let through, before its password is checked, and
 * {@link #succeeded} takes it back: parallel attempts cannot all slip through before the first
 * failure is recorded, and an attempt that ends in an error counts as failed. Refused attempts do
 * not extend a lock, but count against their client address.
 */
public final class LoginThrottle {

  private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

  private final ThrottleStore store;
  private final LoginThrottleProperties policy;
  private final Clock clock;

  LoginThrottle(ThrottleStore store, LoginThrottleProperties policy, Clock clock) {
    Assert.notNull(store, "store cannot be null");
    Assert.notNull(policy, "policy cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.store = store;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Asks to check a password for {@code username} from {@code clientAddress}, and counts the
   * attempt.
   *
   * @return empty when the password may be checked; otherwise how long to wait (whole seconds, at
   *     least one), for {@code Retry-After}
   */
  public Optional<Duration> tryAcquire(String username, @Nullable String clientAddress) {
    Assert.notNull(username, "username cannot be null");
    Instant now = clock.instant();
    String client = ThrottleKeys.client(clientAddress);
    Optional<Instant> clientBlocked =
        store.countClientAttempt(client, policy.ipMaxFailures(), policy.ipWindow(), now);
    if (clientBlocked.isPresent()) {
      Duration wait = waitUntil(now, clientBlocked.get());
      log.info(
          "Login refused: {} reached {} unsuccessful attempts within {}; retry in {} s",
          client,
          policy.ipMaxFailures(),
          policy.ipWindow(),
          wait.toSeconds());
      return Optional.of(wait);
    }
    String user = ThrottleKeys.username(username);
    Optional<Instant> locked = store.countUsernameAttempt(user, policy, now);
    if (locked.isPresent()) {
      Duration wait = waitUntil(now, locked.get());
      log.info(
          "Login refused: username #{} is locked after repeated failures; retry in {} s (from {})",
          ThrottleKeys.fingerprint(user),
          wait.toSeconds(),
          client);
      return Optional.of(wait);
    }
    return Optional.empty();
  }

  /**
   * The attempt let through by {@link #tryAcquire} logged in: the username's failures are forgotten
   * and the attempt no longer counts against the client address.
   */
  public void succeeded(String username, @Nullable String clientAddress) {
    Assert.notNull(username, "username cannot be null");
    store.resetUsername(ThrottleKeys.username(username));
    store.uncountClientAttempt(ThrottleKeys.client(clientAddress));
  }

  /**
   * The attempt let through by {@link #tryAcquire} was never decided: a dependency (the database)
   * failed before the password was judged. It counts neither as a failure of the username nor
   * against the client address, so an outage locks nobody out; only a wrong password or code does.
   */
  public void abandoned(String username, @Nullable String clientAddress) {
    Assert.notNull(username, "username cannot be null");
    store.uncountUsernameAttempt(ThrottleKeys.username(username), policy);
    store.uncountClientAttempt(ThrottleKeys.client(clientAddress));
  }

  @Override
  public String toString() {
    return "LoginThrottle[" + store + "]";
  }

  /** Rounded up to whole seconds, and never zero: {@code Retry-After: 0} invites a busy loop. */
  private static Duration waitUntil(Instant now, Instant until) {
    long millis = Duration.between(now, until).toMillis();
    return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
  }
}
