package dev.gatehouse.auth.mfa;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.mfa.MfaRepository.Enrollment;
import dev.gatehouse.auth.mfa.MfaRepository.StoredChallenge;
import dev.gatehouse.auth.throttle.LoginThrottle;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * TOTP second factor (RFC 6238) for every feature that needs one: whether a user must present a
 * code, checking a code or a recovery code (throttled through {@link LoginThrottle} like a
 * password, a code good once), the pending second step of a login or an enrollment, confirming an
 * enrollment, and the operator's reset. Secrets and recovery codes never reach a log; what is
 * logged is the user id and the outcome.
 */
@Service
public final class MfaService {

  private static final Logger log = LoggerFactory.getLogger(MfaService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 20;
  private static final String LOGIN = "login";
  private static final String LOGIN_ENROLL = "login-enroll";
  private static final String ENROLL = "enroll";

  private final MfaRepository repository;
  private final MfaProperties properties;
  private final MfaCrypto crypto;
  private final LoginThrottle throttle;
  private final AuditTrail audit;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final MeterRegistry meters;
  private final CodeChecks checks;

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
    this.repository = repository;
    this.properties = properties;
    this.crypto = new MfaCrypto(secret(properties, sessionSecret, clientSecret));
    this.throttle = throttle;
    this.audit = audit;
    this.transactions = transactions;
    this.clock = clock;
    this.meters = meters;
    this.checks = new CodeChecks(repository, crypto, properties, audit, clock, meters);
  }

  private static String secret(
      MfaProperties properties,
      FallbackSecrets.SessionSecret session,
      FallbackSecrets.ClientSecret client) {
    for (String candidate :
        new String[] {
          properties.encryptionSecret(), session.tokenSecret(), client.clientSecret()
        }) {
      if (candidate != null && !candidate.isEmpty()) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "set gatehouse.mfa.encryption-secret (or gatehouse.session.token-secret or"
            + " gatehouse.introspection.client-secret): stored TOTP secrets are encrypted with it");
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
    if (repository.findEnrollment(userId).isPresent()) {
      return Requirement.CODE;
    }
    return isRequired(userId) ? Requirement.ENROLL : Requirement.NONE;
  }

  public Status status(UUID userId) {
    Optional<Enrollment> enrollment = repository.findEnrollment(userId);
    return new Status(
        enrollment.isPresent(),
        enrollment.map(Enrollment::enrolledAt).orElse(null),
        enrollment.isPresent() ? repository.recoveryCodesLeft(userId) : 0,
        isRequired(userId));
  }

  private boolean isRequired(UUID userId) {
    List<String> roles = repository.roles(userId);
    return properties.requiredRoles().stream().anyMatch(roles::contains);
  }

  /** The pending second step of a login whose password was right, for an enrolled user. */
  public String startLogin(UUID userId) {
    return newChallenge(userId, LOGIN, null);
  }

  /**
   * A pending enrollment with a fresh secret: during a login (the session is created when it is
   * confirmed) or for a logged-in user.
   */
  public PendingEnrollment startEnrollment(UUID userId, String username, boolean duringLogin) {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    String challenge =
        newChallenge(
            userId, duringLogin ? LOGIN_ENROLL : ENROLL, crypto.encrypt(secret, userId.toString()));
    String base32 = Base32.encode(secret);
    String uri = OtpauthUri.of(properties.issuer(), username, base32);
    return new PendingEnrollment(challenge, base32, uri, QrCodes.svg(uri));
  }

  /** The pending enrollment of {@code challenge} shown again (after a wrong code). */
  public Optional<PendingEnrollment> pendingEnrollment(String challenge) {
    return transactions.execute(
        status ->
            repository
                .lockChallenge(hash(challenge), clock.instant())
                .filter(stored -> stored.secret() != null)
                .map(
                    stored -> {
                      String base32 =
                          Base32.encode(
                              crypto.decrypt(stored.secret(), stored.userId().toString()));
                      String uri =
                          OtpauthUri.of(properties.issuer(), usernameOf(stored.userId()), base32);
                      return new PendingEnrollment(challenge, base32, uri, QrCodes.svg(uri));
                    }));
  }

  /** The user a pending login step belongs to, if it is still pending. */
  public Optional<UUID> challengeUser(String challenge) {
    return transactions.execute(
        status ->
            repository
                .lockChallenge(hash(challenge), clock.instant())
                .map(StoredChallenge::userId));
  }

  /**
   * The second step of a login: the code of the pending challenge (an enrolled user's TOTP or
   * recovery code, or the first code of an enrollment begun at login, which then takes effect).
   * Single use: a passed challenge is gone.
   */
  public Check completeLogin(String challenge, String code, @Nullable String clientIp) {
    return complete(challenge, null, code, clientIp, true);
  }

  /**
   * Confirms the enrollment {@code challenge} of the logged-in {@code userId} with its first code;
   * the answer carries the new recovery codes.
   */
  public Check confirmEnrollment(
      String challenge, UUID userId, String code, @Nullable String clientIp) {
    return complete(challenge, userId, code, clientIp, false);
  }

  private Check complete(
      String challenge,
      @Nullable UUID expectedUser,
      String code,
      @Nullable String clientIp,
      boolean login) {
    String id = hash(challenge);
    Optional<StoredChallenge> found =
        transactions.execute(status -> repository.lockChallenge(id, clock.instant()));
    if (found.isEmpty()
        || (expectedUser != null && !found.get().userId().equals(expectedUser))
        || login == ENROLL.equals(found.get().purpose())) {
      return new Check.Rejected(true);
    }
    UUID userId = found.get().userId();
    String username = usernameOf(userId);
    Optional<Duration> wait = throttle.tryAcquire(username, clientIp);
    if (wait.isPresent()) {
      return new Check.Throttled(wait.get());
    }
    Check check =
        transactions.execute(
            status -> {
              Optional<StoredChallenge> locked = repository.lockChallenge(id, clock.instant());
              if (locked.isEmpty()) {
                return new Check.Rejected(true);
              }
              Optional<CodeChecks.Passed> passed =
                  locked.get().secret() != null
                      ? checks.confirm(locked.get(), username, code)
                      : checks.verifyEnrolled(userId, username, code);
              if (passed.isPresent()) {
                repository.deleteChallenge(id);
                return passed.get().check();
              }
              if (locked.get().attempts() + 1 >= properties.challengeMaxAttempts()) {
                repository.deleteChallenge(id);
                return new Check.Rejected(true);
              }
              repository.countFailedAttempt(id);
              return new Check.Rejected(false);
            });
    return outcome(check, username, clientIp);
  }

  /**
   * Checks a code for an enrolled user outside a pending step: the {@code otp} of a JSON login and
   * the step-up of a password-only session.
   */
  public Check verify(UUID userId, String code, @Nullable String clientIp) {
    String username = usernameOf(userId);
    Optional<Duration> wait = throttle.tryAcquire(username, clientIp);
    if (wait.isPresent()) {
      return new Check.Throttled(wait.get());
    }
    Check check =
        transactions.execute(
            status ->
                checks
                    .verifyEnrolled(userId, username, code)
                    .map(CodeChecks.Passed::check)
                    .orElse(new Check.Rejected(false)));
    return outcome(check, username, clientIp);
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

  /**
   * Enrolls a user with a given Base32 secret, replacing any enrollment: the demo's admin, whose
   * secret is configured or printed at start. No recovery codes; joins the caller's transaction.
   */
  public void enrollWithSecret(UUID userId, String base32Secret) {
    byte[] secret = Base32.decode(base32Secret);
    Assert.isTrue(
        secret.length >= 10, "a TOTP secret needs at least 80 bits (16 Base32 characters)");
    repository.enroll(
        userId, crypto.encrypt(secret, userId.toString()), clock.instant(), 0, List.of());
  }

  /** A new random secret, Base32. */
  public static String randomSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return Base32.encode(secret);
  }

  /** New recovery codes for an enrolled user, replacing the old ones; empty if not enrolled. */
  public List<String> regenerateRecoveryCodes(UUID userId, Actor actor) {
    return transactions.execute(
        status -> {
          if (repository.lockEnrollment(userId).isEmpty()) {
            return List.<String>of();
          }
          List<String> codes = RecoveryCodes.generate(properties.recoveryCodes());
          repository.replaceRecoveryCodes(
              userId, codes.stream().map(RecoveryCodes::normalize).map(crypto::hashCode).toList());
          audit.record(
              actor, AuditAction.MFA_RECOVERY_CODES, userId, List.of(), "user", clock.instant());
          return codes;
        });
  }

  /**
   * Removes a user's authenticator and recovery codes (an operator, for a lost device); audited in
   * the same transaction. Sessions stay: a user whose role requires MFA enrolls again at the next
   * login. Returns whether the user was enrolled.
   */
  public boolean reset(UUID userId, Actor actor, String reason) {
    Assert.hasText(reason, "reason cannot be empty");
    return Boolean.TRUE.equals(
        transactions.execute(
            status -> {
              if (!repository.delete(userId)) {
                return false;
              }
              audit.record(
                  actor, AuditAction.MFA_RESET, userId, List.of(), reason, clock.instant());
              return true;
            }));
  }

  /** Drops expired pending steps; returns how many. */
  int purgeExpiredChallenges() {
    return repository.purgeChallenges(clock.instant());
  }

  private String newChallenge(UUID userId, String purpose, @Nullable String secret) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant expiresAt = clock.instant().plus(properties.challengeTimeout());
    transactions.executeWithoutResult(
        status -> repository.insertChallenge(hash(challenge), userId, purpose, secret, expiresAt));
    return challenge;
  }

  private String usernameOf(UUID userId) {
    String username = repository.username(userId);
    return username != null ? username : userId.toString();
  }

  /** SHA-256: the challenge is 256 random bits, so a plain hash is enough (no guessing). */
  private static String hash(String challenge) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(challenge.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void count(String outcome) {
    meters.counter("gatehouse.mfa.checks", "outcome", outcome).increment();
  }

  @Override
  public String toString() {
    return "MfaService[" + properties + "]";
  }
}
