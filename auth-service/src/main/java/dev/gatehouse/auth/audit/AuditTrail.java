package dev.gatehouse.auth.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Records and reads the audit trail. {@link #record} joins the caller's transaction and refuses to
 * run outside one: an audit row must commit or roll back together with the change it describes.
 */
@Service
public final class AuditTrail {

  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  private final AuditRepository repository;

  AuditTrail(AuditRepository repository) {
    Assert.notNull(repository, "repository cannot be null");
    this.repository = repository;
  }

  /**
   * Appends an entry inside the current transaction.
   *
   * @param targetUserId the account acted on; its username is copied into the entry
   * @param sids the sessions the action ended, possibly none
   */
  public void record(
      Actor actor,
      AuditAction action,
      @Nullable UUID targetUserId,
      List<UUID> sids,
      String reason,
      Instant at) {
    Assert.notNull(actor, "actor cannot be null");
    Assert.notNull(action, "action cannot be null");
    Assert.notNull(sids, "sids cannot be null");
    Assert.hasText(reason, "reason cannot be empty");
    Assert.notNull(at, "at cannot be null");
    Assert.state(
        TransactionSynchronizationManager.isActualTransactionActive(),
        "An audit entry must be written in the transaction of the change it records");
    long id = repository.nextId();
    repository.insert(id, at, actor, action, targetUserId, sids, reason);
    log.info(
        "Audit id={} action={} actor={} target={} sessions={} reason={}",
        id,
        action.value(),
        actor.id(),
        targetUserId,
        sids.size(),
        reason);
  }

  /**
   * One page of the trail, newest first.
   *
   * @param targetUsername only entries about this account, or all when {@code null}
   * @param page zero-based page number
   * @param size entries per page, at least 1
   */
  public AuditPage page(@Nullable String targetUsername, int page, int size) {
    Assert.isTrue(page >= 0, "page cannot be negative");
    Assert.isTrue(size > 0, "size must be positive");
    long offset = (long) page * size;
    return new AuditPage(
        repository.find(targetUsername, size, offset), repository.count(targetUsername));
  }
}
