package dev.gatehouse.auth.account;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.SessionDirectory;
import dev.gatehouse.auth.session.SessionInfo;
import dev.gatehouse.auth.session.SessionPage;
import dev.gatehouse.auth.system.Caller;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * A user's view of their own sessions. Every lookup and revocation is scoped to the caller's user
 * id, inside the revocation transaction for the latter, so another user's session id behaves
 * exactly like an unknown one.
 */
@Service
final class AccountService {

  private final SessionDirectory sessions;
  private final RevocationService revocations;

  AccountService(SessionDirectory sessions, RevocationService revocations) {
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    this.sessions = sessions;
    this.revocations = revocations;
  }

  SessionPage sessions(Caller caller, int page, int size) {
    return sessions.active(caller.userId(), page, size);
  }

  /** The caller's own session when it is active; empty for anybody else's. */
  Optional<SessionInfo> ownActiveSession(Caller caller, UUID sid) {
    return sessions.findActive(sid).filter(session -> session.userId().equals(caller.userId()));
  }

  /** Ends one of the caller's sessions; false when unknown, already ended or someone else's. */
  boolean endSession(Caller caller, UUID sid) {
    return revocations
        .revokeSessionOfUser(
            sid,
            caller.userId(),
            actor(caller),
            AuditAction.END_OWN_SESSION,
            RevocationService.REASON_USER)
        .isPresent();
  }

  /** Ends all the caller's sessions but the one this request was made with; returns how many. */
  int endOtherSessions(Caller caller) {
    return revocations
        .revokeOtherSessionsOfUser(
            caller.userId(),
            caller.sid(),
            actor(caller),
            AuditAction.END_OTHER_SESSIONS,
            RevocationService.REASON_USER)
        .size();
  }

  private static Actor actor(Caller caller) {
    return new Actor(caller.userId().toString(), caller.username());
  }
}
