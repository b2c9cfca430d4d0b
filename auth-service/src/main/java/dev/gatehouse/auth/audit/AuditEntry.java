package dev.gatehouse.auth.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the audit trail.
 *
 * @param id position in the trail; higher is newer
 * @param at when it happened (the commit of the same transaction)
 * @param actor who did it
 * @param action what was done
 * @param targetUserId the account acted on, when there is one
 * @param targetUsername that account's login name at the time
 * @param sids the sessions the action ended, possibly none
 * @param reason why, as given by the caller or the default of the action
 */
public record AuditEntry(
    long id,
    Instant at,
    Actor actor,
    AuditAction action,
    @Nullable UUID targetUserId,
    @Nullable String targetUsername,
    List<UUID> sids,
    String reason) {

  public AuditEntry {
    sids = List.copyOf(sids);
  }
}
