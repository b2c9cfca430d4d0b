package dev.gatehouse.auth.mfa;

import dev.gatehouse.auth.mfa.MfaRepository.StoredChallenge;
import dev.gatehouse.auth.mfa.MfaService.Check;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pending second steps: a login whose password was right, an enrollment begun at login, an
 * enrollment of a logged-in user. Each is named by 256 random bits (stored as their SHA-256),
 * expires after {@code gatehouse.mfa.challenge-timeout}, ends after {@code
 * gatehouse.mfa.challenge-max-attempts} wrong codes and is good once.
 */
final class MfaChallenges {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The purpose of the pending step of a login of an enrolled user. */
  static final String LOGIN = "login";

  /** The purpose of an enrollment begun at login; its confirmation completes the login. */
  static final String LOGIN_ENROLL = "login-enroll";

  /** The purpose of an enrollment of a logged-in user. */
  static final String ENROLL = "enroll";

  private final MfaRepository repository;
  private final MfaProperties properties;
  private final CodeChecks checks;
  private final ThrottledChecks throttled;
  private final TransactionTemplate transactions;
  private final Clock clock;

  MfaChallenges(
      MfaRepository repository,
      MfaProperties properties,
      CodeChecks checks,
      ThrottledChecks throttled,
      TransactionTemplate transactions,
      Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.checks = checks;
    this.throttled = throttled;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** A new pending step; {@code secret} is the encrypted secret of a pending enrollment. */
  String start(UUID userId, String purpose, @Nullable String secret) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant expiresAt = clock.instant().plus(properties.challengeTimeout());
    transactions.executeWithoutResult(
        status -> repository.insertChallenge(hash(challenge), userId, purpose, secret, expiresAt));
    return challenge;
  }

  /** {@code read} of the pending step {@code challenge}, locked, if it is still pending. */
  <T> Optional<T> read(String challenge, Function<StoredChallenge, Optional<T>> read) {
    return transactions.execute(
        status -> repository.lockChallenge(hash(challenge), clock.instant()).flatMap(read));
  }

  /**
   * Checks {@code code} against the pending step {@code challenge}: a login's ({@code login}) or
   * the enrollment of the logged-in {@code expectedUser}'s. A passed step is gone, and so is one
   * with too many wrong codes.
   */
  Check complete(
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
    String username = repository.usernameOrId(userId);
    return throttled.throttled(
        username,
        clientIp,
        () -> transactions.execute(status -> checkLocked(id, userId, username, code)));
  }

  /** Within the caller's transaction. */
  private Check checkLocked(String id, UUID userId, String username, String code) {
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
  }

  /** Drops expired pending steps; returns how many. */
  int purgeExpired() {
    return repository.purgeChallenges(clock.instant());
  }

  /** SHA-256: the challenge is 256 random bits, so a plain hash is enough (no guessing). */
  private static String hash(String challenge) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(challenge.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  @Override
  public String toString() {
    return "MfaChallenges";
  }
}
