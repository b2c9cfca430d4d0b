package dev.gatehouse.auth.mfa;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.mfa.MfaRepository.Enrollment;
import dev.gatehouse.auth.mfa.MfaService.PendingEnrollment;
import dev.gatehouse.auth.mfa.MfaService.Requirement;
import dev.gatehouse.auth.mfa.MfaService.Status;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * A user's enrollment from start to end: whether one is needed, a pending enrollment with a fresh
 * secret (its first code is checked as a pending step of {@link MfaChallenges}), the demo admin's
 * configured secret, new recovery codes, and the operator's reset. Each change is audited in its
 * own transaction.
 */
final class MfaEnrollments {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SECRET_BYTES = 20;

  private final MfaRepository repository;
  private final MfaProperties properties;
  private final MfaCrypto crypto;
  private final MfaChallenges challenges;
  private final AuditTrail audit;
  private final TransactionTemplate transactions;
  private final Clock clock;

  MfaEnrollments(
      MfaRepository repository,
      MfaProperties properties,
      MfaCrypto crypto,
      MfaChallenges challenges,
      AuditTrail audit,
      TransactionTemplate transactions,
      Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.crypto = crypto;
    this.challenges = challenges;
    this.audit = audit;
    this.transactions = transactions;
    this.clock = clock;
  }

  Requirement requirement(UUID userId) {
    if (repository.findEnrollment(userId).isPresent()) {
      return Requirement.CODE;
    }
    return isRequired(userId) ? Requirement.ENROLL : Requirement.NONE;
  }

  Status status(UUID userId) {
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

  /** See {@link MfaService#startEnrollment}. */
  PendingEnrollment start(UUID userId, String username, boolean duringLogin) {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    String challenge =
        challenges.start(
            userId,
            duringLogin ? MfaChallenges.LOGIN_ENROLL : MfaChallenges.ENROLL,
            crypto.encrypt(secret, userId.toString()));
    String base32 = Base32.encode(secret);
    String uri = OtpauthUri.of(properties.issuer(), username, base32);
    return new PendingEnrollment(challenge, base32, uri, QrCodes.svg(uri));
  }

  /** See {@link MfaService#pendingEnrollment}. */
  Optional<PendingEnrollment> pending(String challenge) {
    return challenges.read(
        challenge,
        stored -> {
          if (stored.secret() == null) {
            return Optional.empty();
          }
          String base32 =
              Base32.encode(crypto.decrypt(stored.secret(), stored.userId().toString()));
          String uri =
              OtpauthUri.of(properties.issuer(), repository.usernameOrId(stored.userId()), base32);
          return Optional.of(new PendingEnrollment(challenge, base32, uri, QrCodes.svg(uri)));
        });
  }

  /** See {@link MfaService#enrollWithSecret}. */
  void enrollWithSecret(UUID userId, String base32Secret) {
    byte[] secret = Base32.decode(base32Secret);
    Assert.isTrue(
        secret.length >= 10, "a TOTP secret needs at least 80 bits (16 Base32 characters)");
    repository.enroll(
        userId, crypto.encrypt(secret, userId.toString()), clock.instant(), 0, List.of());
  }

  /** See {@link MfaService#randomSecret}. */
  static String randomSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return Base32.encode(secret);
  }

  /** See {@link MfaService#regenerateRecoveryCodes}. */
  List<String> regenerateRecoveryCodes(UUID userId, Actor actor) {
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

  /** See {@link MfaService#reset}. */
  boolean reset(UUID userId, Actor actor, String reason) {
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

  @Override
  public String toString() {
    return "MfaEnrollments";
  }
}
