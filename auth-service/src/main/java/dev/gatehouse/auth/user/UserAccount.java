package dev.gatehouse.auth.user;

import java.util.List;
import java.util.UUID;

/**
 * An account as operators see it: no password hash.
 *
 * @param id the user's id (the {@code sub} of introspection results and JWTs)
 * @param username the login name
 * @param enabled whether the user may log in
 * @param roles plain lower-case role names, sorted
 */
public record UserAccount(UUID id, String username, boolean enabled, List<String> roles) {

  public UserAccount {
    roles = List.copyOf(roles);
  }
}
