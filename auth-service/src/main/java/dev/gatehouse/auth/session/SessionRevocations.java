package dev.gatehouse.auth.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The writes the revocation feature makes to the {@code sessions} table, which this package owns:
 * lock the sessions to revoke, then mark them revoked. The revocation feature calls these inside
 * the transaction that holds its counter lock, so locks are always taken counter first, then
 * sessions, and sequence numbers follow commit order without deadlocks.
 */
@Component
public final class SessionRevocations {

  private final SessionRepository sessions;

  SessionRevocations(SessionRepository sessions) {
    Assert.notNull(sessions, "sessions cannot be null");
    this.sessions = sessions;
  }

  /** The user of a session that is not revoked yet, locking its row. */
  public Optional<UUID> lockUnrevoked(UUID sid) {
    Assert.notNull(sid, "sid cannot be null");
    return sessions.lockUnrevoked(sid);
  }

  /** A user's sessions that are neither revoked nor past their absolute expiry, locked. */
  public List<UUID> lockLiveOfUser(UUID userId, Instant now) {
    Assert.notNull(userId, "userId cannot be null");
    Assert.notNull(now, "now cannot be null");
    return sessions.lockLiveOfUser(userId, now);
  }

  /** Marks a locked session revoked, by whom and why. */
  public void markRevoked(UUID sid, Instant now, String actor, String reason) {
    Assert.notNull(sid, "sid cannot be null");
    sessions.markRevoked(sid, now, actor, reason);
  }

  @Override
  public String toString() {
    return "SessionRevocations";
  }
}
