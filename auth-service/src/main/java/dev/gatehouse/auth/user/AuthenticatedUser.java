package dev.gatehouse.auth.user;

import java.util.UUID;

/**
 * A user whose password was just verified and who is enabled.
 *
 * @param id the user's id (the {@code sub} of introspection results and JWTs)
 * @param username the login name
 * @param mustChangePassword the password was temporary (set by an operator): no session until the
 *     user chose their own
 */
public record AuthenticatedUser(UUID id, String username, boolean mustChangePassword) {

  /** A user whose password is their own. */
  public AuthenticatedUser(UUID id, String username) {
    this(id, username, false);
  }
}
