package dev.gatehouse.auth.mfa;

import dev.gatehouse.auth.mfa.MfaService.Check;
import dev.gatehouse.auth.mfa.MfaService.Method;
import dev.gatehouse.auth.throttle.LoginThrottle;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What surrounds every code check: the {@link LoginThrottle} first (like a password), then the
 * outcome counted, logged (user id and outcome, never the code) and reported to the throttle; and
 * the check of an enrolled user's code outside a pending step.
 */
final class ThrottledChecks {

  // The category MFA has always logged under.
  private static final Logger log = LoggerFactory.getLogger(MfaService.class);

  private final MfaRepository repository;
  private final CodeChecks checks;
  private final LoginThrottle throttle;
  private final TransactionTemplate transactions;
  private final MeterRegistry meters;

  ThrottledChecks(
      MfaRepository repository,
      CodeChecks checks,
      LoginThrottle throttle,
      TransactionTemplate transactions,
      MeterRegistry meters) {
    this.repository = repository;
    this.checks = checks;
    this.throttle = throttle;
    this.transactions = transactions;
    this.meters = meters;
  }

  /** See {@link MfaService#verify}. */
  Check verify(UUID userId, String code, @Nullable String clientIp) {
    String username = repository.usernameOrId(userId);
    return throttled(
        username,
        clientIp,
        () ->
            transactions.execute(
                status ->
                    checks
                        .verifyEnrolled(userId, username, code)
                        .map(CodeChecks.Passed::check)
                        .orElse(new Check.Rejected(false))));
  }

  /**
   * Runs {@code check} unless the throttle refuses {@code username} from {@code clientIp}, and
   * records its outcome.
   */
  Check throttled(String username, @Nullable String clientIp, Supplier<Check> check) {
    Optional<Duration> wait = throttle.tryAcquire(username, clientIp);
    if (wait.isPresent()) {
      return new Check.Throttled(wait.get());
    }
    return outcome(check.get(), username, clientIp);
  }

  private Check outcome(Check check, String username, @Nullable String clientIp) {
    if (check instanceof Check.Passed passed) {
      throttle.succeeded(username, clientIp);
      count(passed.method() == Method.TOTP ? "totp" : "recovery-code");
      log.info("MFA passed user={} method={}", passed.userId(), passed.method());
    } else {
      count("rejected");
      log.info("MFA code rejected for a user from {}", clientIp);
    }
    return check;
  }

  private void count(String outcome) {
    meters.counter("gatehouse.mfa.checks", "outcome", outcome).increment();
  }

  @Override
  public String toString() {
    return "ThrottledChecks";
  }
}
