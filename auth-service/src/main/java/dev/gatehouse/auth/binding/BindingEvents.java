package dev.gatehouse.auth.binding;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.binding.BindingOutcome.Refused;
import dev.gatehouse.auth.session.ActiveSession;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * What DBSC records of itself: the audit trail ({@code binding-registered}, {@code
 * binding-refreshed}, {@code binding-refused} with the sid and a reason, never a proof or a
 * credential), {@link BindingMetrics} and a log line for every refusal (with the sid when known).
 */
@Component
final class BindingEvents {

  private static final Logger log = LoggerFactory.getLogger(BindingEvents.class);

  private final AuditTrail audit;
  private final BindingMetrics metrics;
  private final TransactionTemplate transactions;

  BindingEvents(AuditTrail audit, BindingMetrics metrics, TransactionTemplate transactions) {
    Assert.notNull(audit, "audit cannot be null");
    Assert.notNull(metrics, "metrics cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    this.audit = audit;
    this.metrics = metrics;
    this.transactions = transactions;
  }

  /** In the transaction that bound the session; {@code algorithm}: the key type, the reason. */
  void registered(ActiveSession session, String keyType, Instant now) {
    record(session, AuditAction.BINDING_REGISTERED, keyType, now);
    metrics.count("registered");
  }

  /** In the transaction that issued the new credential. */
  void refreshed(ActiveSession session, Instant now) {
    record(session, AuditAction.BINDING_REFRESHED, "proof", now);
    metrics.count("refreshed");
  }

  /** After the refusal, in a transaction of its own; audited only when the session is known. */
  Refused refused(@Nullable ActiveSession session, Refused refused, Instant now) {
    metrics.count("refused");
    if (session == null) {
      log.info("DBSC request refused (reason={})", refused.error());
      return refused;
    }
    log.info("DBSC request of session {} refused (reason={})", session.sid(), refused.error());
    transactions.executeWithoutResult(
        status -> record(session, AuditAction.BINDING_REFUSED, refused.error(), now));
    return refused;
  }

  private void record(ActiveSession session, AuditAction action, String reason, Instant now) {
    audit.record(
        new Actor(session.userId().toString(), session.username()),
        action,
        session.userId(),
        List.of(session.sid()),
        reason,
        now);
  }
}
