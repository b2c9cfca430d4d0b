package dev.gatehouse.auth.session;

import java.time.Instant;

/**
 * Deletes revocation-log entries older than a cutoff, for {@link SessionPurge}. The log belongs to
 * the revocation feature, which implements this: the purge runs both on one schedule and reports
 * both counts, while only the owner of each table writes it (and the session feature still does not
 * depend on the revocation feature).
 */
public interface RevocationLogRetention {

  /** Deletes entries revoked before {@code cutoff}; returns how many. */
  int purgeBefore(Instant cutoff);
}
