package dev.gatehouse.gateway.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.util.Assert;

/**
 * A syntactically valid session token taken from a request, with where it came from. The raw value
 * is only handed to the introspection call; {@link #toString()} and every key derived from it use a
 * SHA-256 digest, so it cannot leak into logs or caches.
 */
public final class SessionCredential {

  /** Where the token was found. */
  public enum Source {
    /** The session cookie. */
    COOKIE,
    /**
     * {@code Authorization: Bearer <session token>} (RFC 6750), for API clients without cookies.
     */
    BEARER
  }

  /** 256 bits, base64url without padding: 43 characters. */
  static final int TOKEN_LENGTH = 43;

  /** Base64url digits whose two low bits are zero: the only ones that can end a 256-bit value. */
  private static final String FINAL_DIGITS = "AEIMQUYcgkosw048";

  private final String value;
  private final Source source;
  private final String digest;

  private SessionCredential(String value, Source source) {
    Assert.isTrue(isWellFormed(value), "value must be a well-formed session token");
    Assert.notNull(source, "source cannot be null");
    this.value = value;
    this.source = source;
    this.digest = sha256(value);
  }

  static SessionCredential of(String value, Source source) {
    return new SessionCredential(value, source);
  }

  /**
   * Whether {@code candidate} can be a session token: exactly 43 base64url characters that decode
   * to 32 bytes. Anything else is refused without a network call.
   */
  static boolean isWellFormed(String candidate) {
    if (candidate.length() != TOKEN_LENGTH) {
      return false;
    }
    for (int i = 0; i < TOKEN_LENGTH; i++) {
      char c = candidate.charAt(i);
      boolean base64url =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!base64url) {
        return false;
      }
    }
    return FINAL_DIGITS.indexOf(candidate.charAt(TOKEN_LENGTH - 1)) >= 0;
  }

  /** The raw token, for the introspection request body only. */
  String value() {
    return value;
  }

  public Source source() {
    return source;
  }

  /** Base64url SHA-256 of the token: the cache key, safe to keep in memory and to compare. */
  public String digest() {
    return digest;
  }

  /** A short, non-reversible name for logs. */
  public String fingerprint() {
    byte[] bytes = Base64.getUrlDecoder().decode(digest);
    return HexFormat.of().formatHex(bytes, 0, 4);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SessionCredential that && digest.equals(that.digest);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "SessionCredential[" + source + ", sha256:" + fingerprint() + "]";
  }

  private static String sha256(String value) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is required of every JVM", ex);
    }
  }
}
