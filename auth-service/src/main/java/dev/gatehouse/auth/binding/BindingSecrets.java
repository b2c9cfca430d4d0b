package dev.gatehouse.auth.binding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The random values of DBSC, challenges and bound credentials: 256 bits from {@link SecureRandom},
 * base64url without padding (43 characters). Only their SHA-256 (lower-case hex) is stored, like
 * the session token's.
 */
final class BindingSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");

  private BindingSecrets() {}

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code value} can be one of ours: anything else never reaches the database. */
  static boolean wellFormed(String value) {
    return FORMAT.matcher(value).matches();
  }

  static String sha256Hex(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
    }
  }
}
