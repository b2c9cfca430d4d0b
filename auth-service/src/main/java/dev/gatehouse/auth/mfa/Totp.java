package dev.gatehouse.auth.mfa;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.util.Assert;

/**
 * RFC 6238 time-based one-time passwords: HOTP (RFC 4226 §5.3, dynamic truncation) of the number of
 * 30-second steps since the epoch. Gatehouse uses HMAC-SHA1 and 6 digits, what every authenticator
 * app reads from an {@code otpauth://} URI without extra parameters; the algorithm and digit count
 * are parameters only so the RFC's appendix B vectors can be checked.
 */
final class Totp {

  static final long STEP_SECONDS = 30;
  static final int DIGITS = 6;
  static final String HMAC_SHA1 = "HmacSHA1";

  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private Totp() {}

  /** The time step {@code instant} falls in. */
  static long step(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
  }

  /** The code of {@code step}, zero-padded to {@code digits}. */
  static String code(byte[] key, long step, String algorithm, int digits) {
    Assert.isTrue(digits > 0 && digits < POWERS.length, "digits must be 1 to 8");
    byte[] hash = hmac(key, step, algorithm);
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    String code = Integer.toString(binary % POWERS[digits]);
    return "0".repeat(digits - code.length()) + code;
  }

  /** Gatehouse's code of {@code step}: HMAC-SHA1, 6 digits. */
  static String code(byte[] key, long step) {
    return code(key, step, HMAC_SHA1, DIGITS);
  }

  /**
   * The step within {@code skew} steps of {@code now} whose code is {@code code}, newest first (RFC
   * 6238 §5.2: allow for clock drift and transmission delay); compared in constant time.
   */
  static OptionalLong match(byte[] key, String code, Instant now, int skew) {
    long current = step(now);
    byte[] presented = code.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (long step = current + skew; step >= current - skew; step--) {
      byte[] expected = code(key, step).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, presented)) {
        return OptionalLong.of(step);
      }
    }
    return OptionalLong.empty();
  }

  private static byte[] hmac(byte[] key, long counter, String algorithm) {
    byte[] message = new byte[8];
    for (int i = 7; i >= 0; i--) {
      message[i] = (byte) (counter & 0xff);
      counter >>>= 8;
    }
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(message);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(algorithm + " is not available", ex);
    }
  }
}
