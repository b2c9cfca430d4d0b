package dev.gatehouse.auth.revocation;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the revocation log: session {@code sid} of user {@code userId} ended at {@code
 * revokedAt}. Sequence numbers increase in commit order.
 *
 * @param seq position in the log, assigned in commit order
 * @param sid the revoked session
 * @param userId the session's user
 * @param revokedAt when it was revoked
 * @param reason why, e.g. {@code logout}, {@code admin}, {@code user-disabled}
 */
public record RevocationEvent(long seq, UUID sid, UUID userId, Instant revokedAt, String reason) {}
