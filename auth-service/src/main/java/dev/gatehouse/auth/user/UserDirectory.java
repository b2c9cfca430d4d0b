package dev.gatehouse.auth.user;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Looks accounts up by name or id, creates them and changes their passwords, and enables or
 * disables them for the revocation feature (the {@code users} table is written only by this
 * package). Writes join the caller's transaction, where the caller also writes the audit row.
 */
@Service
public final class UserDirectory {

  private final UserRepository users;
  private final PasswordEncoder passwordEncoder;

  UserDirectory(UserRepository users, PasswordEncoder passwordEncoder) {
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(passwordEncoder, "passwordEncoder cannot be null");
    this.users = users;
    this.passwordEncoder = passwordEncoder;
  }

  /** The account with exactly this login name (deleted accounts are not found). */
  public Optional<UserAccount> findByUsername(String username) {
    Assert.notNull(username, "username cannot be null");
    if (username.length() > UserAuthenticator.MAX_USERNAME_LENGTH) {
      return Optional.empty();
    }
    return users.findByUsername(username).filter(user -> !user.deleted()).map(this::account);
  }

  /** The account with this id (deleted accounts are not found). */
  public Optional<UserAccount> findById(UUID id) {
    Assert.notNull(id, "id cannot be null");
    return users.findById(id).filter(user -> !user.deleted()).map(this::account);
  }

  /** How many rows the {@code users} table holds, deleted accounts included. */
  public long countAll() {
    return users.countAll();
  }

  /**
   * Hashes a password (its NFKC form, as login compares it). Slow on purpose (Argon2id): call it
   * before taking locks. The caller has checked it against the {@link PasswordPolicy}.
   */
  public EncodedPassword encode(String password) {
    Assert.notNull(password, "password cannot be null");
    return new EncodedPassword(
        Objects.requireNonNull(passwordEncoder.encode(PasswordPolicy.normalise(password))));
  }

  /**
   * Creates an enabled account in the caller's transaction.
   *
   * @throws UsernameTakenException when the name is taken, also by a deleted account
   */
  public UUID create(NewAccount account, Instant now) {
    Assert.notNull(account, "account cannot be null");
    Assert.notNull(now, "now cannot be null");
    UUID id = UUID.randomUUID();
    try {
      users.insert(
          id,
          account.username(),
          account.displayName(),
          (account.password() != null) ? account.password().hash() : null,
          account.mustChangePassword(),
          account.roles(),
          now);
    } catch (DuplicateKeyException ex) {
      throw new UsernameTakenException(account.username());
    }
    return id;
  }

  /**
   * Replaces the password; {@code temporary} makes the user change it at the next login. Returns
   * whether the (not deleted) user exists.
   */
  public boolean setPassword(UUID id, EncodedPassword password, boolean temporary) {
    Assert.notNull(id, "id cannot be null");
    Assert.notNull(password, "password cannot be null");
    return users.setPassword(id, password.hash(), temporary);
  }

  /**
   * One page of accounts (not deleted) whose username starts with {@code prefix}, by username.
   *
   * @param page zero-based
   * @param size at least 1
   */
  public UserPage search(String prefix, int page, int size) {
    Assert.notNull(prefix, "prefix cannot be null");
    Assert.isTrue(page >= 0, "page cannot be negative");
    Assert.isTrue(size > 0, "size must be positive");
    return new UserPage(
        users.search(prefix, size, (long) page * size).stream().map(this::account).toList(),
        users.count(prefix));
  }

  /** Whether the name is taken, by a deleted account too (names are never reused). */
  public boolean usernameTaken(String username) {
    Assert.notNull(username, "username cannot be null");
    return users.usernameTaken(username);
  }

  /** Replaces the roles of a (not deleted) account; returns whether it exists. */
  public boolean replaceRoles(UUID id, List<String> roles) {
    Assert.notNull(id, "id cannot be null");
    Assert.notNull(roles, "roles cannot be null");
    if (users.findById(id).filter(user -> !user.deleted()).isEmpty()) {
      return false;
    }
    users.replaceRoles(id, roles);
    return true;
  }

  /**
   * Deletes an account, keeping a tombstone row (disabled, no password, no roles) so its username
   * is never reused and the audit trail keeps naming one person. The caller revokes the sessions in
   * the same transaction. Returns whether a (not yet deleted) user was found.
   */
  public boolean delete(UUID id, Instant now) {
    Assert.notNull(id, "id cannot be null");
    return users.markDeleted(id, now);
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
    return new UserAccount(
        user.id(),
        user.username(),
        user.enabled(),
        users.roles(user.id()),
        user.displayName(),
        user.passwordHash() != null,
        user.mustChangePassword());
  }
}
