package dev.gatehouse.auth.mfa;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.throttle.LoginThrottle;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * TOTP second factor (RFC 6238) for every feature that needs one: whether a user must present a
 * code, checking a code or a recovery code (throttled through {@link LoginThrottle} like a
 * password, a code good once), the pending second step of a login or an enrollment, confirming an
 * enrollment, and the operator's reset. Secrets and recovery codes never reach a log; what is
 * logged is the user id and the outcome.
 *
 * <p>The feature's one entry point; the work is done by {@link MfaEnrollments} (enrollment and
 * reset), {@link MfaChallenges} (pending second steps), {@link ThrottledChecks} (throttle and
 * outcome of a check) and {@link CodeChecks} (the code itself).
 */
@Service
public final class MfaService {

  private final MfaProperties properties;
  private final MfaEnrollments enrollments;
  private final MfaChallenges challenges;
  private final ThrottledChecks checks;

  MfaService(
      MfaRepository repository,
      MfaProperties properties,
      FallbackSecrets.SessionSecret sessionSecret,
      FallbackSecrets.ClientSecret clientSecret,
      LoginThrottle throttle,
      AuditTrail audit,
      TransactionTemplate transactions,
      Clock clock,
      MeterRegistry meters) {
    Assert.notNull(repository, "repository cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(throttle, "throttle cannot be null");
    Assert.notNull(audit, "audit cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    Assert.notNull(meters, "meters cannot be null");
    MfaCrypto crypto =
        new MfaCrypto(FallbackSecrets.encryptionSecret(properties, sessionSecret, clientSecret));
    CodeChecks codes = new CodeChecks(repository, crypto, properties, audit, clock, meters);
    this.properties = properties;
    this.checks = new ThrottledChecks(repository, codes, throttle, transactions, meters);
    this.challenges = new MfaChallenges(repository, properties, codes, checks, transactions, clock);
    this.enrollments =
        new MfaEnrollments(repository, properties, crypto, challenges, audit, transactions, clock);
  }

  /** What a user must do after the password. */
  public enum Requirement {
    /** No second factor: a password-only session. */
    NONE,
    /** Enrolled: a TOTP or recovery code. */
    CODE,
    /** A role in {@code gatehouse.mfa.required-roles} and not enrolled: enroll first. */
    ENROLL
  }

  /** How a second factor was presented. */
  public enum Method {
    TOTP,
    RECOVERY_CODE
  }

  /** The outcome of a code check. */
  public sealed interface Check {

    /** The code was right and had not been used. */
    record Passed(UUID userId, String username, Method method, List<String> recoveryCodes)
        implements Check {
      @Override
      public String toString() {
        return "Passed[userId=" + userId + ", method=" + method + "]";
      }
    }

    /**
     * Wrong, replayed or unusable code.
     *
     * @param challengeEnded the pending step is over (too many wrong codes, expired, unknown): the
     *     user starts again with the password
     */
    record Rejected(boolean challengeEnded) implements Check {}

    /** Too many failures: not checked; wait this long. */
    record Throttled(Duration retryAfter) implements Check {}
  }

  /**
   * A started enrollment, to show once. {@code toString} prints neither the challenge nor the
   * secret.
   *
   * @param challenge names the pending enrollment in the confirmation form
   * @param secret the Base32 secret, shown as text for typing into an app
   * @param uri the {@code otpauth://} URI the QR code encodes
   * @param qrSvg the QR code as inline SVG
   */
  public record PendingEnrollment(String challenge, String secret, String uri, String qrSvg) {
    @Override
    public String toString() {
      return "PendingEnrollment[******]";
    }
  }

  /**
   * MFA state for the account page.
   *
   * @param required a role of the user is in {@code gatehouse.mfa.required-roles}
   */
  public record Status(
      boolean enrolled, @Nullable Instant enrolledAt, int recoveryCodesLeft, boolean required) {}

  public Requirement requirement(UUID userId) {
    return enrollments.requirement(userId);
  }

  public Status status(UUID userId) {
    return enrollments.status(userId);
  }

  /** The pending second step of a login whose password was right, for an enrolled user. */
  public String startLogin(UUID userId) {
    return challenges.start(userId, MfaChallenges.LOGIN, null);
  }

  /**
   * A pending enrollment with a fresh secret: during a login (the session is created when it is
   * confirmed) or for a logged-in user.
   */
  public PendingEnrollment startEnrollment(UUID userId, String username, boolean duringLogin) {
    return enrollments.start(userId, username, duringLogin);
  }

  /** The pending enrollment of {@code challenge} shown again (after a wrong code). */
  public Optional<PendingEnrollment> pendingEnrollment(String challenge) {
    return enrollments.pending(challenge);
  }

  /** The user a pending login step belongs to, if it is still pending. */
  public Optional<UUID> challengeUser(String challenge) {
    return challenges.read(challenge, stored -> Optional.of(stored.userId()));
  }

  /**
   * The second step of a login: the code of the pending challenge (an enrolled user's TOTP or
   * recovery code, or the first code of an enrollment begun at login, which then takes effect).
   * Single use: a passed challenge is gone.
   */
  public Check completeLogin(String challenge, String code, @Nullable String clientIp) {
    return challenges.complete(challenge, null, code, clientIp, true);
  }

  /**
   * Confirms the enrollment {@code challenge} of the logged-in {@code userId} with its first code;
   * the answer carries the new recovery codes.
   */
  public Check confirmEnrollment(
      String challenge, UUID userId, String code, @Nullable String clientIp) {
    return challenges.complete(challenge, userId, code, clientIp, false);
  }

  /**
   * Checks a code for an enrolled user outside a pending step: the {@code otp} of a JSON login and
   * the step-up of a password-only session.
   */
  public Check verify(UUID userId, String code, @Nullable String clientIp) {
    return checks.verify(userId, code, clientIp);
  }

  /**
   * Enrolls a user with a given Base32 secret, replacing any enrollment: the demo's admin, whose
   * secret is configured or printed at start. No recovery codes; joins the caller's transaction.
   */
  public void enrollWithSecret(UUID userId, String base32Secret) {
    enrollments.enrollWithSecret(userId, base32Secret);
  }

  /** A new random secret, Base32. */
  public static String randomSecret() {
    return MfaEnrollments.randomSecret();
  }

  /** New recovery codes for an enrolled user, replacing the old ones; empty if not enrolled. */
  public List<String> regenerateRecoveryCodes(UUID userId, Actor actor) {
    return enrollments.regenerateRecoveryCodes(userId, actor);
  }

  /**
   * Removes a user's authenticator and recovery codes (an operator, for a lost device); audited in
   * the same transaction. Sessions stay: a user whose role requires MFA enrolls again at the next
   * login. Returns whether the user was enrolled.
   */
  public boolean reset(UUID userId, Actor actor, String reason) {
    return enrollments.reset(userId, actor, reason);
  }

  /** Drops expired pending steps; returns how many. */
  int purgeExpiredChallenges() {
    return challenges.purgeExpired();
  }

  @Override
  public String toString() {
    return "MfaService[" + properties + "]";
  }
}
