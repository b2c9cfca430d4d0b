package dev.gatehouse.auth.admin;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditPage;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.SessionDirectory;
import dev.gatehouse.auth.session.SessionInfo;
import dev.gatehouse.auth.session.SessionPage;
import dev.gatehouse.auth.user.UserAccount;
import dev.gatehouse.auth.user.UserDirectory;
import dev.gatehouse.protocol.RevocationEvent;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * What operators can do, shared by the JSON API and the HTML page: look accounts and sessions up,
 * end sessions, disable and enable accounts, read the audit trail. Every change goes through {@link
 * RevocationService}, which writes the audit entry in the same transaction.
 */
@Service
final class OperatorService {

  private final UserDirectory users;
  private final SessionDirectory sessions;
  private final RevocationService revocations;
  private final AuditTrail audit;

  OperatorService(
      UserDirectory users,
      SessionDirectory sessions,
      RevocationService revocations,
      AuditTrail audit) {
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(audit, "audit cannot be null");
    this.users = users;
    this.sessions = sessions;
    this.revocations = revocations;
    this.audit = audit;
  }

  Optional<UserAccount> user(String username) {
    return users.findByUsername(username);
  }

  /** Active sessions of one user, or of everybody when {@code userId} is {@code null}. */
  SessionPage sessions(@Nullable UUID userId, int page, int size) {
    return sessions.active(userId, page, size);
  }

  Optional<SessionInfo> activeSession(UUID sid) {
    return sessions.findActive(sid);
  }

  /**
   * Ends one session, whoever it belongs to. Empty when it is unknown or already ended; otherwise
   * the username of its owner.
   */
  Optional<String> endSession(UUID sid, Actor actor, String reason) {
    return revocations
        .revokeSession(sid, actor, AuditAction.END_SESSION, reason)
        .map(RevocationEvent::userId)
        .flatMap(users::findById)
        .map(UserAccount::username);
  }

  /** Ends every session of a user; empty when there is no such user, else how many ended. */
  Optional<Integer> logoutUser(String username, Actor actor, String reason) {
    return user(username)
        .map(
            account ->
                revocations
                    .revokeAllForUser(account.id(), actor, AuditAction.LOGOUT_USER, reason)
                    .size());
  }

  /** Disables an account, ending all its sessions. Operators cannot disable their own account. */
  DisableOutcome disable(String username, Actor actor, String reason) {
    Optional<UserAccount> account = user(username);
    if (account.isEmpty()) {
      return new DisableOutcome.NoSuchUser();
    }
    if (account.get().id().toString().equals(actor.id())) {
      // An operator locking themselves out (possibly the last admin) is never what was meant.
      return new DisableOutcome.Self();
    }
    Optional<List<RevocationEvent>> revoked =
        revocations.disableUser(account.get().id(), actor, reason);
    return revoked
        .<DisableOutcome>map(events -> new DisableOutcome.Disabled(events.size()))
        .orElseGet(DisableOutcome.NoSuchUser::new);
  }

  /** Enables an account again; returns whether it exists. */
  boolean enable(String username, Actor actor, String reason) {
    return user(username)
        .map(account -> revocations.enableUser(account.id(), actor, reason))
        .orElse(false);
  }

  AuditPage audit(@Nullable String targetUsername, int page, int size) {
    return audit.page(targetUsername, page, size);
  }

  /** The outcome of {@link #disable}. */
  sealed interface DisableOutcome {

    record NoSuchUser() implements DisableOutcome {}

    record Self() implements DisableOutcome {}

    /** Disabled, and {@code revoked} sessions ended. */
    record Disabled(int revoked) implements DisableOutcome {}
  }
}
