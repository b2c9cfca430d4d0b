package dev.gatehouse.auth.user;

import dev.gatehouse.auth.user.UserRepository.StoredUser;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Verifies a username and password. Unknown user, wrong password and disabled user all give the
 * same empty answer after the same work: for an unknown user a dummy hash is checked, so response
 * time does not tell which names exist.
 */
@Service
public final class UserAuthenticator {

  /** Longer input is refused before hashing: Argon2 cost must not be the caller's to choose. */
  static final int MAX_PASSWORD_LENGTH = 1024;

  static final int MAX_USERNAME_LENGTH = 64;

  private final UserRepository users;
  private final PasswordEncoder passwordEncoder;
  private final String dummyHash;

  UserAuthenticator(UserRepository users, PasswordEncoder passwordEncoder) {
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(passwordEncoder, "passwordEncoder cannot be null");
    this.users = users;
    this.passwordEncoder = passwordEncoder;
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    this.dummyHash =
        Objects.requireNonNull(passwordEncoder.encode(Base64.getEncoder().encodeToString(random)));
  }

  /** The user, when the password matches and the account is enabled; empty otherwise. */
  public Optional<AuthenticatedUser> authenticate(String username, String password) {
    Assert.notNull(username, "username cannot be null");
    Assert.notNull(password, "password cannot be null");
    if (username.length() > MAX_USERNAME_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
      passwordEncoder.matches("", dummyHash);
      return Optional.empty();
    }
    // Hashes are of the NFKC form (PasswordPolicy), so what is typed is compared in that form too.
    String normalised = PasswordPolicy.normalise(password);
    Optional<StoredUser> found = users.findByUsername(username);
    if (found.isEmpty()) {
      passwordEncoder.matches(normalised, dummyHash);
      return Optional.empty();
    }
    StoredUser user = found.get();
    String hash = user.passwordHash();
    if (hash == null) {
      // No password yet (enrollment pending) or deleted: the same work as a wrong password.
      passwordEncoder.matches(normalised, dummyHash);
      return Optional.empty();
    }
    if (!passwordEncoder.matches(normalised, hash) || !user.enabled()) {
      return Optional.empty();
    }
    if (passwordEncoder.upgradeEncoding(hash)) {
      users.updatePasswordHash(
          user.id(), Objects.requireNonNull(passwordEncoder.encode(normalised)));
    }
    return Optional.of(
        new AuthenticatedUser(user.id(), user.username(), user.mustChangePassword()));
  }
}
