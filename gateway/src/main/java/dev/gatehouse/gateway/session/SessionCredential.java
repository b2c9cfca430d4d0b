package dev.gatehouse.gateway.session;

import dev.gatehouse.protocol.SessionTokenFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A session token taken from a request whose format and check value are valid, with where it came
 * from and the DBSC bound credential that came with it, if any. The raw values are only handed to
 * the introspection call; {@link #toString()} and every key derived from them use a SHA-256 digest,
 * so they cannot leak into logs or caches. The cache key ({@link #digest()}) covers both: an answer
 * given for one bound credential is never served for another, or for none.
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
  private final @Nullable String boundCredential;
  private final String tokenDigest;
  private final String digest;

  private SessionCredential(String value, Source source, @Nullable String boundCredential) {
    Assert.isTrue(
        value.length() == SessionTokenFormat.LENGTH, "value must be a checked session token");
    Assert.notNull(source, "source cannot be null");
    Assert.isTrue(
        boundCredential == null || !boundCredential.isEmpty(), "bound credential cannot be empty");
    this.value = value;
    this.source = source;
    this.boundCredential = boundCredential;
    this.tokenDigest = sha256(value);
    // Without a bound credential the key is the token's digest, as before binding existed; with
    // one it covers both ('\n' is in neither a token nor a cookie value, so no two pairs meet).
    this.digest = boundCredential == null ? tokenDigest : sha256(value + '\n' + boundCredential);
  }

  /** For a value whose {@link SessionTokenFormat} check succeeded, without a bound credential. */
  static SessionCredential of(String value, Source source) {
    return new SessionCredential(value, source, null);
  }

  /**
   * For a value whose {@link SessionTokenFormat} check succeeded, with the bound-credential cookie
   * that came with it (DBSC), or null.
   */
  static SessionCredential of(String value, Source source, @Nullable String boundCredential) {
    return new SessionCredential(value, source, boundCredential);
  }

  /** The raw token, for the introspection request body only. */
  String value() {
    return value;
  }

  /** The raw bound credential, for the introspection request body only; null when none came. */
  @Nullable String boundCredential() {
    return boundCredential;
  }

  /** Whether a bound-credential cookie came with the token. */
  public boolean hasBoundCredential() {
    return boundCredential != null;
  }

  public Source source() {
    return source;
  }

  /**
   * Base64url SHA-256 of the token, or of the token and the bound credential when one came: the
   * cache key, safe to keep in memory and to compare.
   */
  public String digest() {
    return digest;
  }

  /**
   * A short, non-reversible name of the token for logs: the same whatever bound credential came, so
   * one session's lines stay together across refreshes.
   */
  public String fingerprint() {
    byte[] bytes = Base64.getUrlDecoder().decode(tokenDigest);
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
    return "SessionCredential["
        + source
        + ", sha256:"
        + fingerprint()
        + (boundCredential == null ? "" : ", bound credential")
        + "]";
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
