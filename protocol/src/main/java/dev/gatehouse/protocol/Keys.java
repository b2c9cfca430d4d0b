package dev.gatehouse.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives one key per purpose from a shared secret (HMAC-SHA256(secret, purpose), the extract-less
 * form of HKDF-Expand for a single block), so a secret shared for one job never keys another
 * directly and a value keyed for one purpose cannot be replayed as another.
 */
public final class Keys {

  private Keys() {}

  /** A 32-byte key for {@code purpose}, derived from {@code secret}. */
  public static byte[] derive(String secret, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
    }
  }
}
