package dev.gatehouse.auth.user;

import org.springframework.util.Assert;

/**
 * A password hash ready to store (Argon2id of the NFKC form, {@code {argon2}…}); made only by
 * {@link UserDirectory#encode}. {@code toString} prints no hash.
 */
public final class EncodedPassword {

  private final String hash;

  EncodedPassword(String hash) {
    Assert.hasText(hash, "hash cannot be empty");
    this.hash = hash;
  }

  String hash() {
    return hash;
  }

  @Override
  public String toString() {
    return "EncodedPassword[argon2id]";
  }
}
