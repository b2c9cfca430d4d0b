package dev.gatehouse.gateway.revocation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One revoked session, as auth-service announces it on pub/sub ({@code {"sid","userId","seq"}}) and
 * lists it in its revocation feed (with {@code revokedAt} and {@code reason}).
 *
 * @param seq the position in auth-service's revocation log
 * @param sid the revoked session
 * @param userId its user
 * @param revokedAt when it was revoked, when known (for the propagation-delay metric)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RevocationEvent(
    long seq, @Nullable String sid, @Nullable String userId, @Nullable Instant revokedAt) {}
