package dev.gatehouse.gateway.session;

import dev.gatehouse.protocol.SessionTokenFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.util.Assert;

/**
 * A session token taken from a request whose format and check value are valid, with where it came
 * from. The raw value is only handed to the introspection call; {@link #toString()} and every key
 * derived from it use a SHA-256 digest, so it cannot leak into logs or caches.
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

  private final String value;
  private final Source source;
  private final String digest;

  private SessionCredential(String value, Source source) {
    Assert.isTrue(
        value.length() == SessionTokenFormat.LENGTH, "value must be a checked session token");
    Assert.notNull(source, "source cannot be null");
    this.value = value;
    this.source = source;
    this.digest = sha256(value);
  }

  /** For a value whose {@link SessionTokenFormat} check succeeded. */
  static SessionCredential of(String value, Source source) {
    return new SessionCredential(value, source);
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
