package dev.gatehouse.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of auth-service's revocation log: session {@code sid} of user {@code userId} ended at
 * {@code revokedAt}. auth-service serves entries from {@code GET /internal/revocations} (with the
 * {@code reason}) and announces each on Redis pub/sub (without it, see {@link #announcement()}).
 * Readers ignore members they do not know, and treat a missing {@code sid} as nothing to revoke.
 *
 * @param seq position in the log, assigned in commit order: sequence numbers increase
 * @param sid the revoked session
 * @param userId the session's user
 * @param revokedAt when it was revoked
 * @param reason why, e.g. {@code logout}, {@code admin}, {@code user-disabled}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
// The order the pub/sub message has always had; JSON readers do not depend on it.
@JsonPropertyOrder({"sid", "userId", "seq", "revokedAt", "reason"})
public record RevocationEvent(
    long seq,
    @Nullable UUID sid,
    @Nullable UUID userId,
    @Nullable Instant revokedAt,
    @Nullable String reason) {

  /** The pub/sub message for this entry: everything but the reason. */
  public RevocationEvent announcement() {
    return new RevocationEvent(seq, sid, userId, revokedAt, null);
  }
}
