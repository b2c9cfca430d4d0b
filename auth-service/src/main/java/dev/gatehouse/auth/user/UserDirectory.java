package dev.gatehouse.auth.user;

import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Looks accounts up by name or id for the operator API and page, and enables or disables them for
 * the revocation feature (the {@code users} table is written only by this package).
 */
@Service
public final class UserDirectory {

  private final UserRepository users;

  UserDirectory(UserRepository users) {
    Assert.notNull(users, "users cannot be null");
    this.users = users;
  }

  /** The account with exactly this login name. */
  public Optional<UserAccount> findByUsername(String username) {
    Assert.notNull(username, "username cannot be null");
    if (username.length() > UserAuthenticator.MAX_USERNAME_LENGTH) {
      return Optional.empty();
    }
    return users.findByUsername(username).map(this::account);
  }

  public Optional<UserAccount> findById(UUID id) {
    Assert.notNull(id, "id cannot be null");
    return users.findById(id).map(this::account);
  }

  /**
   * Enables or disables an account; the caller revokes a disabled user's sessions in the same
   * transaction. Returns whether the user exists.
   */
  public boolean setEnabled(UUID id, boolean enabled) {
    Assert.notNull(id, "id cannot be null");
    return users.setEnabled(id, enabled);
  }

  private UserAccount account(UserRepository.StoredUser user) {
    return new UserAccount(user.id(), user.username(), user.enabled(), users.roles(user.id()));
  }
}
