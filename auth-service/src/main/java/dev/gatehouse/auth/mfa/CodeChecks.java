package dev.gatehouse.auth.mfa;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.mfa.MfaRepository.Enrollment;
import dev.gatehouse.auth.mfa.MfaRepository.StoredChallenge;
import dev.gatehouse.auth.mfa.MfaService.Check;
import dev.gatehouse.auth.mfa.MfaService.Method;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks of one presented code, inside the caller's transaction: an enrolled user's TOTP code
 * (its step must be newer than the last accepted one, RFC 6238 §5.2) or recovery code (deleted as
 * it is used), and the first code of a pending enrollment, which enrolls the user and issues
 * recovery codes. Throttling and metrics of the outcome are {@link ThrottledChecks}'s.
 */
final class CodeChecks {

  private static final Logger log = LoggerFactory.getLogger(MfaService.class);

  private final MfaRepository repository;
  private final MfaCrypto crypto;
  private final MfaProperties properties;
  private final AuditTrail audit;
  private final Clock clock;
  private final MeterRegistry meters;

  CodeChecks(
      MfaRepository repository,
      MfaCrypto crypto,
      MfaProperties properties,
      AuditTrail audit,
      Clock clock,
      MeterRegistry meters) {
    this.repository = repository;
    this.crypto = crypto;
    this.properties = properties;
    this.audit = audit;
    this.clock = clock;
    this.meters = meters;
  }

  /** Within the caller's transaction. */
  Optional<Passed> verifyEnrolled(UUID userId, String username, String code) {
    Optional<Enrollment> enrollment = repository.lockEnrollment(userId);
    if (enrollment.isEmpty()) {
      return Optional.empty();
    }
    String normalized = normalize(code);
    if (normalized.matches("[0-9]{" + Totp.DIGITS + "}")) {
      byte[] secret = crypto.decrypt(enrollment.get().secret(), userId.toString());
      OptionalLong step = Totp.match(secret, normalized, clock.instant(), properties.skewSteps());
      if (step.isEmpty()) {
        return Optional.empty();
      }
      if (step.getAsLong() <= enrollment.get().lastStep()) {
        // RFC 6238 §5.2: a code is good once; a later code of an older step is no better.
        meters.counter("gatehouse.mfa.checks", "outcome", "replayed").increment();
        log.info("MFA code replayed for user={}", userId);
        return Optional.empty();
      }
      repository.useStep(userId, step.getAsLong());
      return Optional.of(new Passed(userId, username, Method.TOTP, List.of()));
    }
    if (RecoveryCodes.isWellFormed(normalized)
        && repository.useRecoveryCode(
            userId, crypto.hashCode(RecoveryCodes.normalize(normalized)))) {
      audit.record(
          new Actor(userId.toString(), username),
          AuditAction.MFA_RECOVERY_CODE_USED,
          userId,
          List.of(),
          "user",
          clock.instant());
      return Optional.of(new Passed(userId, username, Method.RECOVERY_CODE, List.of()));
    }
    return Optional.empty();
  }

  /** The first code of a pending enrollment: enrolls the user. Within the caller's transaction. */
  Optional<Passed> confirm(StoredChallenge challenge, String username, String code) {
    String normalized = normalize(code);
    if (challenge.secret() == null || !normalized.matches("[0-9]{" + Totp.DIGITS + "}")) {
      return Optional.empty();
    }
    UUID userId = challenge.userId();
    byte[] secret = crypto.decrypt(challenge.secret(), userId.toString());
    OptionalLong step = Totp.match(secret, normalized, clock.instant(), properties.skewSteps());
    if (step.isEmpty()) {
      return Optional.empty();
    }
    List<String> codes = RecoveryCodes.generate(properties.recoveryCodes());
    repository.enroll(
        userId,
        crypto.encrypt(secret, userId.toString()),
        clock.instant(),
        step.getAsLong(),
        codes.stream().map(RecoveryCodes::normalize).map(crypto::hashCode).toList());
    audit.record(
        new Actor(userId.toString(), username),
        AuditAction.MFA_ENROLLED,
        userId,
        List.of(),
        "user",
        clock.instant());
    return Optional.of(new Passed(userId, username, Method.TOTP, codes));
  }

  private static String normalize(String code) {
    return code.replace(" ", "").replace("-", "").trim();
  }

  /** A passed check before the throttle and metrics saw it. */
  record Passed(UUID userId, String username, Method method, List<String> codes) {
    Check check() {
      return new Check.Passed(userId, username, method, codes);
    }

    @Override
    public String toString() {
      return "Passed[userId=" + userId + ", method=" + method + "]";
    }
  }

  @Override
  public String toString() {
    return "CodeChecks";
  }
}
