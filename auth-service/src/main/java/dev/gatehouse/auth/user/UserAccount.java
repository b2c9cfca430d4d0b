package dev.gatehouse.auth.user;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An account as operators see it: no password hash.
 *
 * @param id the user's id (the {@code sub} of introspection results and JWTs)
 * @param username the login name
 * @param enabled whether the user may log in
 * @param roles plain lower-case role names, sorted
 * @param displayName the name shown to people, when set
 * @param hasPassword false until the user set one (enrollment or setup link pending)
 * @param mustChangePassword the password is temporary: login leads only to changing it
 */
public record UserAccount(
    UUID id,
    String username,
    boolean enabled,
    List<String> roles,
    @Nullable String displayName,
    boolean hasPassword,
    boolean mustChangePassword) {

  public UserAccount {
    roles = List.copyOf(roles);
  }

  /** An account with no display name, a password, and nothing to change. */
  public UserAccount(UUID id, String username, boolean enabled, List<String> roles) {
    this(id, username, enabled, roles, null, true, false);
  }
}
