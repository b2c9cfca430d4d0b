package dev.gatehouse.auth.revocation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Ends sessions. Each revocation marks the session ({@code revoked_at}, {@code revoked_by}, {@code
 * reason}) and appends to the revocation log in one transaction: the database is the source of
 * truth. Only after that transaction commits is the revocation published to the gateways (best
 * effort); a gateway that misses the message still finds it in the log it polls.
 */
@Service
public final class RevocationService {

  /** Reason recorded when a user logs out. */
  public static final String REASON_LOGOUT = "logout";

  /** Reason recorded when a login replaces the session the browser still presented. */
  public static final String REASON_REPLACED = "replaced";

  /** Reason recorded for sessions ended because their user was disabled. */
  public static final String REASON_USER_DISABLED = "user-disabled";

  private static final Logger log = LoggerFactory.getLogger(RevocationService.class);

  private final RevocationRepository repository;
  private final TransactionTemplate transactions;
  private final RevocationPublisher publisher;
  private final Clock clock;

  RevocationService(
      RevocationRepository repository,
      TransactionTemplate transactions,
      RevocationPublisher publisher,
      Clock clock) {
    Assert.notNull(repository, "repository cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    Assert.notNull(publisher, "publisher cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.repository = repository;
    this.transactions = transactions;
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * Revokes one session. Empty when there was nothing to revoke (unknown or already revoked):
   * revoking is idempotent.
   *
   * @param actor who revoked it (a user id, or an operator), recorded in the log
   * @param reason why, recorded in the session and the log
   */
  public Optional<RevocationEvent> revokeSession(UUID sid, String actor, String reason) {
    Assert.notNull(sid, "sid cannot be null");
    checkActorAndReason(actor, reason);
    List<RevocationEvent> events =
        inTransaction(
            () -> {
              long seq = repository.lockCounter();
              Optional<UUID> userId = repository.lockUnrevokedSession(sid);
              if (userId.isEmpty()) {
                return List.of();
              }
              return revoke(seq, List.of(sid), userId.get(), actor, reason);
            });
    return events.stream().findFirst();
  }

  /** Revokes every live session of a user ("log out everywhere"). */
  public List<RevocationEvent> revokeAllForUser(UUID userId, String actor, String reason) {
    Assert.notNull(userId, "userId cannot be null");
    checkActorAndReason(actor, reason);
    return inTransaction(() -> revokeAllLocked(userId, actor, reason));
  }

  /**
   * Disables a user and revokes all their sessions, in one transaction. A disabled user cannot log
   * in, and introspection reports their sessions inactive even before the revocation is seen.
   */
  public List<RevocationEvent> disableUser(UUID userId, String actor) {
    Assert.notNull(userId, "userId cannot be null");
    checkActorAndReason(actor, REASON_USER_DISABLED);
    return inTransaction(
        () -> {
          if (!repository.disableUser(userId)) {
            return List.of();
          }
          return revokeAllLocked(userId, actor, REASON_USER_DISABLED);
        });
  }

  private List<RevocationEvent> revokeAllLocked(UUID userId, String actor, String reason) {
    long seq = repository.lockCounter();
    List<UUID> sids = repository.lockLiveSessionsOfUser(userId, now());
    return revoke(seq, sids, userId, actor, reason);
  }

  private List<RevocationEvent> revoke(
      long lastSeq, List<UUID> sids, UUID userId, String actor, String reason) {
    Instant now = now();
    long seq = lastSeq;
    List<RevocationEvent> events = new ArrayList<>(sids.size());
    for (UUID sid : sids) {
      RevocationEvent event = new RevocationEvent(++seq, sid, userId, now, reason);
      repository.markRevoked(sid, now, actor, reason);
      repository.append(event, actor);
      events.add(event);
    }
    if (seq != lastSeq) {
      repository.saveCounter(seq);
    }
    return List.copyOf(events);
  }

  /**
   * Runs the work in a transaction (or the caller's) and publishes its events once that commits.
   */
  private List<RevocationEvent> inTransaction(Work work) {
    List<RevocationEvent> events =
        Objects.requireNonNull(
            transactions.execute(
                status -> {
                  List<RevocationEvent> done = work.run();
                  if (!done.isEmpty()) {
                    TransactionSynchronizationManager.registerSynchronization(
                        new TransactionSynchronization() {
                          @Override
                          public void afterCommit() {
                            publisher.publish(done);
                          }
                        });
                  }
                  return done;
                }));
    for (RevocationEvent event : events) {
      log.info(
          "Revoked session sid={} user={} seq={} reason={}",
          event.sid(),
          event.userId(),
          event.seq(),
          event.reason());
    }
    return events;
  }

  private static void checkActorAndReason(String actor, String reason) {
    Assert.hasText(actor, "actor cannot be empty");
    Assert.hasText(reason, "reason cannot be empty");
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  @FunctionalInterface
  private interface Work {
    List<RevocationEvent> run();
  }
}
