package dev.gatehouse.auth.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The opaque session token carried by the session cookie: 256 bits from {@link SecureRandom},
 * base64url without padding (43 characters). The database stores only {@link #sha256Hex()}.
 *
 * <p>{@link #toString()} prints a short fingerprint (a salted hash, the salt random per process),
 * never the value, so a token that reaches a log line, an exception message or a debugger view by
 * accident gives nothing away. {@link #value()} is for the {@code Set-Cookie} header only.
 */
public final class SessionToken {

  static final int BYTES = 32;
  static final int LENGTH = 43;

  /** One generator for the process: {@code SecureRandom} is thread-safe and seeds itself. */
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final byte[] FINGERPRINT_SALT = randomBytes(16);

  private final String value;

  private SessionToken(String value) {
    this.value = value;
  }

  /** A new random token. */
  static SessionToken generate() {
    return new SessionToken(ENCODER.encodeToString(randomBytes(BYTES)));
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * Parses a presented token. Anything that is not exactly the canonical base64url encoding of 32
   * bytes is empty, so malformed input never reaches the database.
   */
  public static Optional<SessionToken> parse(@Nullable String raw) {
    if (raw == null || raw.length() != LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = raw.charAt(i);
      boolean base64url =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!base64url) {
        return Optional.empty();
      }
    }
    byte[] bytes = DECODER.decode(raw);
    // The last character carries 2 unused bits; only the canonical spelling is a token we issued.
    if (bytes.length != BYTES || !ENCODER.encodeToString(bytes).equals(raw)) {
      return Optional.empty();
    }
    return Optional.of(new SessionToken(raw));
  }

  /** The raw token, for the {@code Set-Cookie} header. Never log or store it. */
  public String value() {
    return value;
  }

  /** Lower-case hex SHA-256 of the token's characters: the only form that is stored. */
  String sha256Hex() {
    return HexFormat.of().formatHex(sha256(null, value));
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return (other instanceof SessionToken token)
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.US_ASCII),
            token.value.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "SessionToken[" + HexFormat.of().formatHex(sha256(FINGERPRINT_SALT, value), 0, 4) + "]";
  }

  private static byte[] sha256(byte @Nullable [] salt, String value) {
    Assert.notNull(value, "value cannot be null");
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      if (salt != null) {
        digest.update(salt);
      }
      return digest.digest(value.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
    }
  }
}
