package dev.gatehouse.protocol;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session token, written once for both services: base64url without padding (RFC 4648 §5) of 32
 * random bytes followed by the first 8 bytes of HMAC-SHA256(k, those 32 bytes), {@code k} derived
 * from the shared token secret for this purpose only. 40 bytes make {@value #LENGTH} characters.
 *
 * <p>The check value makes a forged token cheap to refuse where it arrives: the gateway (and
 * auth-service) answer a random string without a network call or a database query, so a flood of
 * made-up tokens cannot become a flood of introspections. It adds no secrecy: the 256 random bits
 * are still what makes a token unguessable, and auth-service still looks up only its SHA-256. A
 * check value is no proof the session exists; anyone holding the secret can mint check-valid
 * tokens, so the gateway's per-client miss budget stays in place behind it.
 *
 * <p>Rotating the secret invalidates every token in circulation: every session ends.
 */
public final class SessionTokenFormat {

  /** The random part, in bytes. */
  public static final int RANDOM_BYTES = 32;

  /** The truncated HMAC appended to it, in bytes (64 bits: forging one takes 2^63 tries). */
  public static final int CHECK_BYTES = 8;

  /** Characters of a token: 40 bytes in unpadded base64url. */
  public static final int LENGTH = 54;

  private static final String PURPOSE = "gatehouse session-token check v1";
  private static final int TOTAL_BYTES = RANDOM_BYTES + CHECK_BYTES;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** Base64url digit values by ASCII code; -1 for every other character. */
  private static final byte[] DIGITS = new byte[128];

  static {
    Arrays.fill(DIGITS, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < alphabet.length(); i++) {
      DIGITS[alphabet.charAt(i)] = (byte) i;
    }
  }

  /** What {@link #check} found. */
  public enum Check {
    /** A token this secret issued (or could have): its check value matches. */
    VALID,
    /** Not a token at all: wrong length, a character outside base64url, a non-canonical end. */
    MALFORMED,
    /** Shaped like a token, but its check value is wrong: made up, or issued under another key. */
    FORGED
  }

  private final SecretKeySpec key;
  private final SecureRandom random;

  /** A {@code Mac} per thread: {@code Mac} is not thread-safe and costly to look up per call. */
  private final ThreadLocal<Mac> macs;

  /**
   * @param secret the token secret, the same on gateway and auth-service
   * @param random the source of the random part
   */
  public SessionTokenFormat(String secret, SecureRandom random) {
    Objects.requireNonNull(secret, "secret cannot be null");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("secret cannot be empty");
    }
    this.key = new SecretKeySpec(Keys.derive(secret, PURPOSE), "HmacSHA256");
    this.random = Objects.requireNonNull(random, "random cannot be null");
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** A new token: fresh random bytes and their check value. */
  public String generate() {
    byte[] token = new byte[TOTAL_BYTES];
    byte[] randomPart = new byte[RANDOM_BYTES];
    random.nextBytes(randomPart);
    System.arraycopy(randomPart, 0, token, 0, RANDOM_BYTES);
    System.arraycopy(checkValue(randomPart), 0, token, RANDOM_BYTES, CHECK_BYTES);
    return ENCODER.encodeToString(token);
  }

  /**
   * Checks a presented string: exactly {@value #LENGTH} base64url characters in their canonical
   * spelling (the last digit's four unused bits zero), whose check value matches, compared in
   * constant time. Decodes by table into one 40-byte array; nothing else is allocated before the
   * MAC.
   */
  public Check check(CharSequence presented) {
    if (presented.length() != LENGTH) {
      return Check.MALFORMED;
    }
    byte[] bytes = new byte[TOTAL_BYTES];
    int bits = 0;
    int pending = 0;
    int at = 0;
    for (int i = 0; i < LENGTH; i++) {
      char c = presented.charAt(i);
      int digit = c < DIGITS.length ? DIGITS[c] : -1;
      if (digit < 0) {
        return Check.MALFORMED;
      }
      bits = (bits << 6) | digit;
      pending += 6;
      if (pending >= 8) {
        pending -= 8;
        bytes[at++] = (byte) (bits >>> pending);
        bits &= (1 << pending) - 1;
      }
    }
    // 54 digits carry 324 bits for 320: the last digit's low four bits must be zero, or the same
    // token would have sixteen spellings (and sixteen cache keys).
    if (bits != 0) {
      return Check.MALFORMED;
    }
    Mac mac = macs.get();
    mac.update(bytes, 0, RANDOM_BYTES);
    byte[] expected = mac.doFinal();
    // Constant time, as MessageDigest.isEqual, without copying either side.
    int difference = 0;
    for (int i = 0; i < CHECK_BYTES; i++) {
      difference |= expected[i] ^ bytes[RANDOM_BYTES + i];
    }
    return difference == 0 ? Check.VALID : Check.FORGED;
  }

  /** Whether {@code presented} is a token with a valid check value. */
  public boolean isValid(CharSequence presented) {
    return check(presented) == Check.VALID;
  }

  private byte[] checkValue(byte[] randomPart) {
    return Arrays.copyOf(macs.get().doFinal(randomPart), CHECK_BYTES);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
    }
  }

  @Override
  public String toString() {
    return "SessionTokenFormat[length=" + LENGTH + "]";
  }
}
