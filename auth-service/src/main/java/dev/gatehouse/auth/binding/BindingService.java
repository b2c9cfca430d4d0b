package dev.gatehouse.auth.binding;

import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.auth.binding.BindingOutcome.Bound;
import dev.gatehouse.auth.binding.BindingOutcome.Challenged;
import dev.gatehouse.auth.binding.BindingOutcome.Ended;
import dev.gatehouse.auth.binding.BindingOutcome.Refused;
import dev.gatehouse.auth.binding.BindingRepository.StoredKey;
import dev.gatehouse.auth.binding.ProofVerifier.Proof;
import dev.gatehouse.auth.binding.ProofVerifier.ProofException;
import dev.gatehouse.auth.session.ActiveSession;
import dev.gatehouse.auth.session.SessionService;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * DBSC registration and refresh (W3C WebAppSec DBSC draft §8): single-use challenges that expire
 * after {@code challenge-lifetime}, the proof checked by {@link ProofVerifier}, the key stored with
 * the session (a session bound to one key is never re-bound to another), short-lived bound
 * credentials; every outcome recorded by {@link BindingEvents}.
 */
@Service
final class BindingService {

  /**
   * Unexpired challenges kept per session. A browser uses the newest it was given; a few more cover
   * a registration offer and a refresh challenge crossing each other.
   */
  static final int CHALLENGES_KEPT = 3;

  private final BindingRepository repository;
  private final SessionService sessions;
  private final BindingEvents events;
  private final BindingProperties properties;
  private final ProofVerifier verifier;
  private final Clock clock;
  private final TransactionTemplate transactions;

  BindingService(
      BindingRepository repository,
      SessionService sessions,
      BindingEvents events,
      BindingProperties properties,
      Clock clock,
      TransactionTemplate transactions) {
    Assert.notNull(repository, "repository cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(events, "events cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    this.repository = repository;
    this.sessions = sessions;
    this.events = events;
    this.properties = properties;
    this.verifier = new ProofVerifier(properties.algorithms());
    this.clock = clock;
    this.transactions = transactions;
  }

  /**
   * A new single-use challenge for the session; only its hash is stored. Empty when the session
   * does not exist (any more) or is revoked. Only the newest {@value #CHALLENGES_KEPT} unexpired
   * challenges of a session stay usable: anyone who knows a sid can ask for challenges, and must
   * not grow the table without bound.
   */
  Optional<String> issueChallenge(UUID sid) {
    Instant now = now();
    String challenge = BindingSecrets.generate();
    boolean stored =
        Boolean.TRUE.equals(
            transactions.execute(
                status ->
                    repository.insertChallenge(
                        BindingSecrets.sha256Hex(challenge),
                        sid,
                        now,
                        now.plus(properties.challengeLifetime()),
                        CHALLENGES_KEPT)));
    return stored ? Optional.of(challenge) : Optional.empty();
  }

  /** Registration: binds {@code session} to the proof's key and issues a bound credential. */
  BindingOutcome register(Optional<ActiveSession> caller, @Nullable String proofHeader) {
    if (caller.isEmpty()) {
      return refused(null, 401, "session_required", "no active session in this request");
    }
    ActiveSession session = caller.get();
    Proof proof;
    try {
      proof = verifier.verifyRegistration(proofHeader);
    } catch (ProofException ex) {
      return refused(session, ex.wrongKey() ? 403 : 400, ex.error(), ex.getMessage());
    }
    BindingOutcome outcome =
        Objects.requireNonNull(transactions.execute(status -> bind(session, proof)));
    return (outcome instanceof Refused refused) ? events.refused(session, refused, now()) : outcome;
  }

  private BindingOutcome bind(ActiveSession session, Proof proof) {
    Instant now = now();
    if (!repository.consumeChallenge(BindingSecrets.sha256Hex(proof.jti()), session.sid(), now)) {
      return new Refused(
          403, "invalid_challenge", "unknown, used or expired challenge", session.sid(), null);
    }
    if (!repository.bind(session.sid(), proof.key().toJSONString(), proof.jkt(), now)) {
      Optional<String> bound = repository.key(session.sid()).map(StoredKey::jkt);
      if (!bound.equals(Optional.of(proof.jkt()))) {
        return new Refused(
            403, "already_bound", "the session is bound to another key", session.sid(), null);
      }
    }
    String credential = issueCredential(session.sid(), now);
    events.registered(session, proof.key().getKeyType().getValue(), now);
    return new Bound(session.sid(), credential);
  }

  /**
   * Refresh: for the DBSC session {@code sessionIdentifier} (our sid), a challenge without a proof,
   * a new bound credential with a proof by the session's key. {@code caller}: the session the
   * request's cookie or gateway JWT names, which must be the same one when present.
   */
  BindingOutcome refresh(
      @Nullable String sessionIdentifier,
      Optional<ActiveSession> caller,
      @Nullable String proofHeader) {
    if (sessionIdentifier == null || sessionIdentifier.isBlank()) {
      return refused(null, 400, "missing_session_id", "no Sec-Secure-Session-Id header");
    }
    Optional<ActiveSession> named = parseSid(sessionIdentifier).flatMap(sessions::findActive);
    if (named.isEmpty() || named.get().bindingJkt() == null) {
      return new Ended(sessionIdentifier);
    }
    ActiveSession session = named.get();
    if (caller.isPresent() && !caller.get().sid().equals(session.sid())) {
      return refused(session, 403, "session_mismatch", "the session cookie names another session");
    }
    if (proofHeader == null) {
      return issueChallenge(session.sid())
          .<BindingOutcome>map(challenge -> new Challenged(session.sid(), challenge))
          .orElseGet(() -> new Ended(sessionIdentifier));
    }
    Optional<StoredKey> stored = repository.key(session.sid());
    if (stored.isEmpty()) {
      return new Ended(sessionIdentifier);
    }
    Proof proof;
    try {
      proof = verifier.verifyRefresh(proofHeader, JWK.parse(stored.get().jwk()));
    } catch (ProofException ex) {
      return refused(session, ex.wrongKey() ? 403 : 400, ex.error(), ex.getMessage());
    } catch (ParseException ex) {
      throw new IllegalStateException("stored binding key of " + session.sid() + " unreadable", ex);
    }
    BindingOutcome outcome =
        Objects.requireNonNull(transactions.execute(status -> renew(session, proof)));
    return (outcome instanceof Refused refused) ? events.refused(session, refused, now()) : outcome;
  }

  private BindingOutcome renew(ActiveSession session, Proof proof) {
    Instant now = now();
    if (!repository.consumeChallenge(BindingSecrets.sha256Hex(proof.jti()), session.sid(), now)) {
      // A stale or used challenge: a browser retries with the new one.
      return new Refused(
          403,
          "invalid_challenge",
          "unknown, used or expired challenge",
          session.sid(),
          issueChallenge(session.sid()).orElse(null));
    }
    String credential = issueCredential(session.sid(), now);
    events.refreshed(session, now);
    return new Bound(session.sid(), credential);
  }

  private String issueCredential(UUID sid, Instant now) {
    String credential = BindingSecrets.generate();
    repository.insertCredential(
        BindingSecrets.sha256Hex(credential), sid, now, now.plus(properties.boundCookieLifetime()));
    return credential;
  }

  private BindingOutcome refused(
      @Nullable ActiveSession session, int status, String error, String detail) {
    return events.refused(
        session,
        new Refused(status, error, detail, (session != null) ? session.sid() : null, null),
        now());
  }

  private static Optional<UUID> parseSid(String value) {
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException ex) {
      return Optional.empty();
    }
  }

  /** Microseconds: what PostgreSQL stores, so values read back equal values written. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
