package dev.gatehouse.auth.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A session just created at login: the token goes into the cookie, once, and is never seen again.
 *
 * @param token the raw session token (its {@code toString} prints a fingerprint only)
 * @param sid public session id
 * @param expiresAt absolute expiry
 */
public record NewSession(SessionToken token, UUID sid, Instant expiresAt) {}
