package dev.gatehouse.auth.session;

import dev.gatehouse.protocol.SessionTokenFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The opaque session token carried by the session cookie, in the {@link SessionTokenFormat} both
 * services share: 256 bits from {@link java.security.SecureRandom} and a keyed check value,
 * base64url without padding (54 characters). Tokens are made and read by {@link SessionTokens},
 * which holds the key. The database stores only {@link #sha256Hex()}.
 *
 * <p>{@link #toString()} prints a short fingerprint (a salted hash, the salt random per process),
 * never the value, so a token that reaches a log line, an exception message or a debugger view by
 * accident gives nothing away. {@link #value()} is for the {@code Set-Cookie} header only.
 */
public final class SessionToken {

  static final int LENGTH = SessionTokenFormat.LENGTH;

  private static final byte[] FINGERPRINT_SALT = new byte[16];

  static {
    new SecureRandom().nextBytes(FINGERPRINT_SALT);
  }

  private final String value;

  private SessionToken(String value) {
    this.value = value;
  }

  /** A token whose format {@link SessionTokens} has checked, or has just generated. */
  static SessionToken of(String value) {
    Assert.isTrue(value.length() == LENGTH, "value must be a session token");
    return new SessionToken(value);
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
