package dev.gatehouse.auth.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.util.Assert;

/**
 * The secret of a one-time link: 256 bits from a CSPRNG, Base64url. Only its SHA-256 is stored;
 * {@code toString} prints a short fingerprint of that hash, never the value.
 */
public record LinkToken(String value) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Longest value accepted from a request (43 characters are issued). */
  static final int MAX_LENGTH = 64;

  public LinkToken {
    Assert.hasText(value, "value cannot be empty");
  }

  static LinkToken random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new LinkToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** Lower-case hex SHA-256 of the value, as in {@code one_time_links.token_hash}. */
  String hash() {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
    }
  }

  @Override
  public String toString() {
    return "LinkToken[" + hash().substring(0, 8) + "]";
  }
}
