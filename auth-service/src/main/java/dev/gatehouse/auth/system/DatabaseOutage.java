package dev.gatehouse.auth.system;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.Assert;

/**
 * Tells a failure of the database (down, restarting, unreachable, no pooled connection within
 * Hikari's {@code connection-timeout}) from a bug, and reports it: one WARN line per {@link
 * #WARN_INTERVAL} while it lasts, without a stack trace, instead of an ERROR with a trace per
 * request. Such a request is answered 503 with {@code Retry-After}: retrying later helps, which a
 * 500 does not say.
 */
final class DatabaseOutage {

  /** How often an ongoing outage is logged at WARN; the other requests are logged at DEBUG. */
  static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

  /** What a client is told to wait: about as long as a database restart or failover takes. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

  private final Clock clock;
  private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);

  DatabaseOutage(Clock clock) {
    Assert.notNull(clock, "clock cannot be null");
    this.clock = clock;
  }

  /**
   * Whether {@code failure}, or one of its causes, says the database could not be used: Spring's
   * translations of connection and transient failures, and the JDBC ones they come from (SQLState
   * class 08 is "connection exception", 57P "operator intervention", e.g. a shutting-down server).
   */
  static boolean isOutage(@Nullable Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DataAccessResourceFailureException
          || cause instanceof TransientDataAccessException
          || cause instanceof RecoverableDataAccessException
          || cause instanceof CannotCreateTransactionException
          || cause instanceof SQLTransientException
          || cause instanceof SQLRecoverableException
          || cause instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
      // A rollback that failed on the cut connection hides what failed first (Spring keeps it
      // as the "application exception", not as the cause).
      if (cause instanceof TransactionSystemException rollback
          && rollback.getApplicationException() != null
          && isOutage(rollback.getApplicationException())) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** Logs {@code failure}: WARN once per interval, DEBUG otherwise; never a stack trace. */
  void report(Throwable failure, String path) {
    Instant now = clock.instant();
    Instant last = lastWarning.get();
    boolean warn = !now.isBefore(last.plus(WARN_INTERVAL)) && lastWarning.compareAndSet(last, now);
    String cause = rootCause(failure);
    if (warn) {
      log.warn(
          "Database unavailable, answering 503 (logged once per {} s): {} on {}",
          WARN_INTERVAL.toSeconds(),
          cause,
          path);
    } else {
      log.debug("Database unavailable, answering 503: {} on {}", cause, path);
    }
  }

  /** The innermost cause's type and message: the useful part (e.g. "Connection refused"). */
  private static String rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
