package dev.gatehouse.auth.session;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What operators and users see of an active session: public identifiers and metadata, never the
 * token or its hash.
 *
 * @param sid public session id
 * @param userId the session's user
 * @param username that user's login name
 * @param createdAt login time
 * @param lastSeenAt last activity recorded by introspection (granularity: the gateway's cache TTL,
 *     and at most once per {@code gatehouse.session.last-seen-interval})
 * @param expiresAt absolute expiry; the idle timeout may end the session earlier
 * @param ip client address at login: the one the gateway vouched for, else the socket peer
 * @param userAgent {@code User-Agent} at login, truncated
 */
public record SessionInfo(
    UUID sid,
    UUID userId,
    String username,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    @Nullable String ip,
    @Nullable String userAgent) {}
