package dev.gatehouse.auth.account;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.throttle.LoginThrottle;
import dev.gatehouse.auth.user.EncodedPassword;
import dev.gatehouse.auth.user.PasswordPolicy;
import dev.gatehouse.auth.user.PasswordViolation;
import dev.gatehouse.auth.user.UserAuthenticator;
import dev.gatehouse.auth.user.UserDirectory;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * A user changes their own password (OWASP ASVS 5.0 6.2.3, 7.4.3): the current password is checked
 * first, through the {@link LoginThrottle} like a login (so this form is no way around the login
 * limits), then the new one against the {@link PasswordPolicy}; the password is replaced and every
 * other session of the user ends through the revocation path, audited, in one transaction. The
 * session the change was made with stays.
 */
@Service
final class PasswordChangeService {

  /** Reason recorded for the sessions a password change ended. */
  static final String REASON = "password-changed";

  private static final Logger log = LoggerFactory.getLogger(PasswordChangeService.class);

  private final LoginThrottle throttle;
  private final UserAuthenticator authenticator;
  private final PasswordPolicy policy;
  private final UserDirectory users;
  private final RevocationService revocations;
  private final TransactionTemplate transactions;

  PasswordChangeService(
      LoginThrottle throttle,
      UserAuthenticator authenticator,
      PasswordPolicy policy,
      UserDirectory users,
      RevocationService revocations,
      TransactionTemplate transactions) {
    Assert.notNull(throttle, "throttle cannot be null");
    Assert.notNull(authenticator, "authenticator cannot be null");
    Assert.notNull(policy, "policy cannot be null");
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    this.throttle = throttle;
    this.authenticator = authenticator;
    this.policy = policy;
    this.users = users;
    this.revocations = revocations;
    this.transactions = transactions;
  }

  Outcome change(
      Caller caller, String currentPassword, String newPassword, @Nullable String clientAddress) {
    Assert.notNull(caller, "caller cannot be null");
    Assert.notNull(currentPassword, "currentPassword cannot be null");
    Assert.notNull(newPassword, "newPassword cannot be null");
    Optional<Duration> wait = throttle.tryAcquire(caller.username(), clientAddress);
    if (wait.isPresent()) {
      return new Outcome.Throttled(wait.get());
    }
    boolean verified =
        authenticator
            .authenticate(caller.username(), currentPassword)
            .filter(user -> user.id().equals(caller.userId()))
            .isPresent();
    if (!verified) {
      log.info("Password change refused: wrong current password (user={})", caller.userId());
      return new Outcome.WrongPassword();
    }
    throttle.succeeded(caller.username(), clientAddress);
    Optional<PasswordViolation> violation = policy.check(caller.username(), newPassword);
    if (violation.isPresent()) {
      return new Outcome.Refused(violation.get());
    }
    EncodedPassword encoded = users.encode(newPassword);
    int ended =
        Objects.requireNonNull(
            transactions.execute(
                status -> {
                  if (!users.setPassword(caller.userId(), encoded, false)) {
                    return -1;
                  }
                  return revocations
                      .revokeOtherSessionsOfUser(
                          caller.userId(),
                          caller.sid(),
                          new Actor(caller.userId().toString(), caller.username()),
                          AuditAction.CHANGE_PASSWORD,
                          REASON)
                      .size();
                }));
    return (ended < 0) ? new Outcome.WrongPassword() : new Outcome.Changed(ended);
  }

  /** What a change did. */
  sealed interface Outcome {

    /** Changed; {@code endedSessions} other sessions ended. */
    record Changed(int endedSessions) implements Outcome {}

    /** The current password was wrong (or the account is gone or disabled). */
    record WrongPassword() implements Outcome {}

    /** The new password breaks the policy. */
    record Refused(PasswordViolation violation) implements Outcome {}

    /** Too many failed password checks: nothing was checked. */
    record Throttled(Duration retryAfter) implements Outcome {}
  }
}
