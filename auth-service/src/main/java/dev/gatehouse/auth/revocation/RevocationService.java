package dev.gatehouse.auth.revocation;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.session.SessionRevocations;
import dev.gatehouse.auth.user.UserDirectory;
import dev.gatehouse.protocol.RevocationEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Ends sessions and disables or enables accounts. Each revocation marks the session ({@code
 * revoked_at}, {@code revoked_by}, {@code reason}), appends to the revocation log and writes an
 * audit entry, all in one transaction: the database is the source of truth, and there is no
 * revocation without its audit entry. Only after that transaction commits is the revocation
 * published to the gateways (best effort); a gateway that misses the message still finds it in the
 * log it polls.
 *
 * <p>The methods taking a plain {@code String} actor are for programmatic callers known only by an
 * id or name; they audit as {@link AuditAction#END_SESSION}, {@link AuditAction#LOGOUT_USER} and
 * {@link AuditAction#DISABLE_USER}.
 */
@Service
public final class RevocationService {

  /** Reason recorded when a user logs out. */
  public static final String REASON_LOGOUT = "logout";

  /** Reason recorded when a login replaces the session the browser still presented. */
  public static final String REASON_REPLACED = "replaced";

  /** Reason recorded for sessions ended because their user was disabled. */
  public static final String REASON_USER_DISABLED = "user-disabled";

  /** Default reason of operator actions. */
  public static final String REASON_ADMIN = "admin";

  /** Reason recorded when users end their own sessions from their account page or API. */
  public static final String REASON_USER = "user";

  /** Reason recorded when an OpenID provider ended the sessions (back-channel logout). */
  public static final String REASON_IDP_LOGOUT = "idp-logout";

  private static final Logger log = LoggerFactory.getLogger(RevocationService.class);

  private final RevocationRepository repository;
  private final SessionRevocations sessions;
  private final UserDirectory users;
  private final AuditTrail audit;
  private final TransactionTemplate transactions;
  private final RevocationPublisher publisher;
  private final Clock clock;
  private final RevocationMetrics metrics;

  RevocationService(
      RevocationRepository repository,
      SessionRevocations sessions,
      UserDirectory users,
      AuditTrail audit,
      TransactionTemplate transactions,
      RevocationPublisher publisher,
      Clock clock,
      RevocationMetrics metrics) {
    Assert.notNull(repository, "repository cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(audit, "audit cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    Assert.notNull(publisher, "publisher cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.repository = repository;
    this.sessions = sessions;
    this.users = users;
    this.audit = audit;
    this.transactions = transactions;
    this.publisher = publisher;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Revokes one session. Empty when there was nothing to revoke (unknown or already revoked):
   * revoking is idempotent.
   *
   * @param actor who revoked it (a user id, or an operator), recorded in the log
   * @param reason why, recorded in the session and the log
   */
  public Optional<RevocationEvent> revokeSession(UUID sid, String actor, String reason) {
    return revokeSession(sid, Actor.of(actor), AuditAction.END_SESSION, reason);
  }

  /**
   * Revokes one session, whoever it belongs to, and audits it. Empty, and nothing audited, when
   * there was nothing to revoke (unknown or already revoked): revoking is idempotent.
   */
  public Optional<RevocationEvent> revokeSession(
      UUID sid, Actor actor, AuditAction action, String reason) {
    Assert.notNull(sid, "sid cannot be null");
    return revokeOne(sid, null, actor, action, reason);
  }

  /**
   * Revokes one session only when it belongs to {@code userId}, and audits it. Empty, and nothing
   * audited, when it is unknown, already revoked or someone else's; callers cannot tell these
   * apart, so a user learns nothing about other users' sessions.
   */
  public Optional<RevocationEvent> revokeSessionOfUser(
      UUID sid, UUID userId, Actor actor, AuditAction action, String reason) {
    Assert.notNull(sid, "sid cannot be null");
    Assert.notNull(userId, "userId cannot be null");
    return revokeOne(sid, userId, actor, action, reason);
  }

  /** Revokes every live session of a user ("log out everywhere"). */
  public List<RevocationEvent> revokeAllForUser(UUID userId, String actor, String reason) {
    return revokeAllForUser(userId, Actor.of(actor), AuditAction.LOGOUT_USER, reason);
  }

  /**
   * Revokes every live session of a user ("log out everywhere") and audits it, also when there was
   * none: the operator's action is on record either way.
   */
  public List<RevocationEvent> revokeAllForUser(
      UUID userId, Actor actor, AuditAction action, String reason) {
    Assert.notNull(userId, "userId cannot be null");
    return revokeAll(userId, null, actor, action, reason);
  }

  /**
   * Revokes every live session of a user except {@code keepSid} ("log out other devices") and
   * audits it, also when there was none.
   */
  public List<RevocationEvent> revokeOtherSessionsOfUser(
      UUID userId, UUID keepSid, Actor actor, AuditAction action, String reason) {
    Assert.notNull(userId, "userId cannot be null");
    Assert.notNull(keepSid, "keepSid cannot be null");
    return revokeAll(userId, keepSid, actor, action, reason);
  }

  /**
   * Disables a user and revokes all their sessions, in one transaction. A disabled user cannot log
   * in, and introspection reports their sessions inactive even before the revocation is seen.
   */
  public List<RevocationEvent> disableUser(UUID userId, String actor) {
    return disableUser(userId, Actor.of(actor), REASON_USER_DISABLED).orElse(List.of());
  }

  /**
   * Disables a user and revokes all their sessions, audited, in one transaction. Empty when there
   * is no such user; otherwise the sessions revoked, possibly none.
   */
  public Optional<List<RevocationEvent>> disableUser(UUID userId, Actor actor, String reason) {
    Assert.notNull(userId, "userId cannot be null");
    checkActorAndReason(actor, reason);
    Changed changed =
        inTransaction(
            () -> {
              if (!users.setEnabled(userId, false)) {
                return Changed.NOTHING;
              }
              Instant now = now();
              List<RevocationEvent> events = revokeAllLocked(userId, null, actor, reason, now);
              audit.record(actor, AuditAction.DISABLE_USER, userId, sids(events), reason, now);
              return new Changed(true, events);
            });
    return changed.found() ? Optional.of(changed.events()) : Optional.empty();
  }

  /**
   * Enables a user again, audited. Their old sessions stay revoked; they log in afresh. Returns
   * whether the user exists.
   */
  public boolean enableUser(UUID userId, Actor actor, String reason) {
    Assert.notNull(userId, "userId cannot be null");
    checkActorAndReason(actor, reason);
    return inTransaction(
            () -> {
              if (!users.setEnabled(userId, true)) {
                return Changed.NOTHING;
              }
              audit.record(actor, AuditAction.ENABLE_USER, userId, List.of(), reason, now());
              return new Changed(true, List.of());
            })
        .found();
  }

  /**
   * Tells every gateway that the user's account changed (their roles), so the cached introspections
   * of each of their live sessions are dropped and the next request sees the change: one "changed"
   * entry ({@link RevocationEvent#CHANGED}) per live session, in the log the gateways poll and,
   * after the commit, on pub/sub, exactly like revocations. The sessions stay valid. Joins the
   * caller's transaction, which writes the change and its audit row.
   *
   * @return the entries appended, one per live session
   */
  public List<RevocationEvent> announceAccountChanged(UUID userId, Actor actor, String reason) {
    Assert.notNull(userId, "userId cannot be null");
    checkActorAndReason(actor, reason);
    return inTransaction(
            () -> {
              Instant now = now();
              long seq = repository.lockCounter();
              long last = seq;
              List<RevocationEvent> events = new ArrayList<>();
              for (UUID sid : sessions.lockLiveOfUser(userId, now)) {
                RevocationEvent event = RevocationEvent.changed(++seq, sid, userId, now, reason);
                repository.append(event, actor.id());
                events.add(event);
              }
              if (seq != last) {
                repository.saveCounter(seq);
              }
              return new Changed(true, List.copyOf(events));
            })
        .events();
  }

  private Optional<RevocationEvent> revokeOne(
      UUID sid, @Nullable UUID owner, Actor actor, AuditAction action, String reason) {
    checkActorAndReason(actor, reason);
    Changed changed =
        inTransaction(
            () -> {
              long seq = repository.lockCounter();
              Optional<UUID> userId = sessions.lockUnrevoked(sid);
              if (userId.isEmpty() || (owner != null && !owner.equals(userId.get()))) {
                return Changed.NOTHING;
              }
              Instant now = now();
              List<RevocationEvent> events =
                  revoke(seq, List.of(sid), userId.get(), actor, reason, now);
              audit.record(actor, action, userId.get(), sids(events), reason, now);
              return new Changed(true, events);
            });
    return changed.events().stream().findFirst();
  }

  private List<RevocationEvent> revokeAll(
      UUID userId, @Nullable UUID keepSid, Actor actor, AuditAction action, String reason) {
    checkActorAndReason(actor, reason);
    return inTransaction(
            () -> {
              Instant now = now();
              List<RevocationEvent> events = revokeAllLocked(userId, keepSid, actor, reason, now);
              audit.record(actor, action, userId, sids(events), reason, now);
              return new Changed(true, events);
            })
        .events();
  }

  private List<RevocationEvent> revokeAllLocked(
      UUID userId, @Nullable UUID keepSid, Actor actor, String reason, Instant now) {
    long seq = repository.lockCounter();
    List<UUID> sids = new ArrayList<>(sessions.lockLiveOfUser(userId, now));
    if (keepSid != null) {
      sids.remove(keepSid);
    }
    return revoke(seq, sids, userId, actor, reason, now);
  }

  private List<RevocationEvent> revoke(
      long lastSeq, List<UUID> sids, UUID userId, Actor actor, String reason, Instant now) {
    long seq = lastSeq;
    List<RevocationEvent> events = new ArrayList<>(sids.size());
    for (UUID sid : sids) {
      RevocationEvent event = new RevocationEvent(++seq, sid, userId, now, reason);
      sessions.markRevoked(sid, now, actor.id(), reason);
      repository.append(event, actor.id());
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
  private Changed inTransaction(Work work) {
    Changed changed =
        Objects.requireNonNull(
            transactions.execute(
                status -> {
                  Changed done = work.run();
                  if (!done.events().isEmpty()) {
                    TransactionSynchronizationManager.registerSynchronization(
                        new TransactionSynchronization() {
                          @Override
                          public void afterCommit() {
                            metrics.count(done.events());
                            publisher.publish(done.events());
                          }
                        });
                  }
                  return done;
                }));
    for (RevocationEvent event : changed.events()) {
      log.info(
          "{} session sid={} user={} seq={} reason={}",
          event.isChange() ? "Announced a change of" : "Revoked",
          event.sid(),
          event.userId(),
          event.seq(),
          event.reason());
    }
    return changed;
  }

  private static List<UUID> sids(List<RevocationEvent> events) {
    return events.stream().map(RevocationEvent::sid).toList();
  }

  private static void checkActorAndReason(Actor actor, String reason) {
    Assert.notNull(actor, "actor cannot be null");
    Assert.hasText(reason, "reason cannot be empty");
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * What a transaction did: whether its subject (session or user) was found, and the revocations.
   */
  private record Changed(boolean found, List<RevocationEvent> events) {

    static final Changed NOTHING = new Changed(false, List.of());
  }

  @FunctionalInterface
  private interface Work {
    Changed run();
  }
}
