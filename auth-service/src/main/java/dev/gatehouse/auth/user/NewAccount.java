package dev.gatehouse.auth.user;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * An account to create.
 *
 * @param username the login name (unique forever: deleted accounts keep theirs)
 * @param displayName the name shown to people, or none
 * @param roles lower-case role names
 * @param password the hash, or none: the user sets one with a one-time link
 * @param mustChangePassword the password is temporary
 */
public record NewAccount(
    String username,
    @Nullable String displayName,
    List<String> roles,
    @Nullable EncodedPassword password,
    boolean mustChangePassword) {

  public NewAccount {
    Assert.hasText(username, "username cannot be empty");
    roles = List.copyOf(roles);
  }
}
