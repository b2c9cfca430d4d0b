package dev.gatehouse.auth.session;

import dev.gatehouse.auth.session.SessionRepository.StoredSession;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.springframework.util.Assert;

/**
 * The one definition of an active session: not revoked, its user enabled, before its absolute
 * expiry and before its idle timeout. Introspection checks it in Java on the row it read ({@link
 * #test}); the session lists check it in SQL ({@link #SQL}, with {@link #params}). Both halves sit
 * here so they change together, and a test holds them to the same answer for every kind of session.
 */
final class ActiveSessionRule {

  /**
   * The condition on {@code sessions s JOIN users u}, with parameters {@code :now} and {@code
   * :idleCutoff}.
   */
  static final String SQL =
      """
      s.revoked_at IS NULL AND u.enabled = TRUE AND s.expires_at > :now
        AND s.last_seen_at > :idleCutoff
      """;

  private final Duration idleTimeout;

  ActiveSessionRule(Duration idleTimeout) {
    Assert.notNull(idleTimeout, "idleTimeout cannot be null");
    this.idleTimeout = idleTimeout;
  }

  /**
   * Microseconds: what PostgreSQL stores, so values read back equal values written and the same
   * instant decides in Java and in SQL.
   */
  static Instant truncate(Instant now) {
    return now.truncatedTo(ChronoUnit.MICROS);
  }

  /** Whether a stored session is active at {@code now}, as {@link #SQL} decides it. */
  boolean test(StoredSession session, Instant now) {
    // now < expires_at, and last_seen_at > now - idle: the strict inequalities of the SQL.
    return session.revokedAt() == null
        && session.userEnabled()
        && now.isBefore(session.expiresAt())
        && now.isBefore(session.lastSeenAt().plus(idleTimeout));
  }

  /** The parameters of {@link #SQL} at {@code now}. */
  Map<String, Object> params(Instant now) {
    Instant at = truncate(now);
    Map<String, Object> params = new HashMap<>();
    params.put("now", utc(at));
    params.put("idleCutoff", utc(at.minus(idleTimeout)));
    return params;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "ActiveSessionRule[idleTimeout=" + idleTimeout + "]";
  }
}
