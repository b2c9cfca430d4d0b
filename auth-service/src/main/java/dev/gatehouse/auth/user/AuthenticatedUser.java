package dev.gatehouse.auth.user;

import java.util.UUID;

/**
 * A user whose password was just verified and who is enabled.
 *
 * @param id the user's id (the {@code sub} of introspection results and JWTs)
 * @param username the login name
 */
public record AuthenticatedUser(UUID id, String username) {}
