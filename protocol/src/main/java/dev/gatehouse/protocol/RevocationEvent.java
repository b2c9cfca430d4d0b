package dev.gatehouse.protocol;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One entry of auth-service's revocation log: session {@code sid} of user {@code userId} ended at
 * {@code revokedAt}, or, with {@code kind} {@value #CHANGED}, its user's account changed (roles
 * changed) so every cached introspection of the session must be dropped while the session stays
 * alive. auth-service serves entries from {@code GET /internal/revocations} (with the {@code
 * reason}) and announces each on Redis pub/sub (without it, see {@link #announcement()}). Readers
 * ignore members they do not know, and treat a missing {@code sid} as nothing to revoke.
 *
 * <p>{@code kind} is absent for revocations, so entries written before it existed, and gateways
 * that predate it, read exactly as before. A gateway that does not know {@code kind} treats a
 * "changed" entry as a revocation: it fails safe (the user logs in again) rather than open.
 *
 * @param seq position in the log, assigned in commit order: sequence numbers increase
 * @param sid the revoked (or changed) session
 * @param userId the session's user
 * @param revokedAt when it was revoked (or changed)
 * @param reason why, e.g. {@code logout}, {@code admin}, {@code user-disabled}, {@code
 *     roles-changed}
 * @param kind absent (or {@value #REVOKED}) for a revocation; {@value #CHANGED} to evict cached
 *     introspections without refusing the session
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
// The order the pub/sub message has always had; JSON readers do not depend on it.
@JsonPropertyOrder({"sid", "userId", "seq", "revokedAt", "reason", "kind"})
public record RevocationEvent(
    long seq,
    @Nullable UUID sid,
    @Nullable UUID userId,
    @Nullable Instant revokedAt,
    @Nullable String reason,
    @Nullable String kind) {

  /** The {@code kind} of a revocation (also what an absent {@code kind} means). */
  public static final String REVOKED = "revoked";

  /** The {@code kind} of an entry that only drops cached introspections of the session. */
  public static final String CHANGED = "changed";

  /** A revocation, as every entry was before {@code kind} existed. */
  public RevocationEvent(
      long seq,
      @Nullable UUID sid,
      @Nullable UUID userId,
      @Nullable Instant revokedAt,
      @Nullable String reason) {
    this(seq, sid, userId, revokedAt, reason, null);
  }

  /** A "changed" entry: the session's account changed; the session itself stays valid. */
  public static RevocationEvent changed(
      long seq, UUID sid, UUID userId, Instant changedAt, String reason) {
    return new RevocationEvent(seq, sid, userId, changedAt, reason, CHANGED);
  }

  /** Whether this entry only asks to drop cached introspections ({@code kind} "changed"). */
  @JsonIgnore
  public boolean isChange() {
    return CHANGED.equals(kind);
  }

  /** The pub/sub message for this entry: everything but the reason. */
  public RevocationEvent announcement() {
    return new RevocationEvent(seq, sid, userId, revokedAt, null, kind);
  }
}
