package dev.gatehouse.auth.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.util.Assert;

/**
 * The two keyed operations of MFA storage, each with its own key derived from one configured secret
 * (HMAC-SHA256 with a purpose label): AES-256-GCM for TOTP secrets (a 96-bit random nonce per
 * value, stored as {@code base64(nonce || ciphertext || tag)}, the user id as associated data so a
 * row's secret cannot be moved to another user), and HMAC-SHA256 of recovery codes, so a copy of
 * the database alone neither reads a secret nor tests guessed codes offline.
 */
final class MfaCrypto {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec encryptionKey;
  private final SecretKeySpec codeHashKey;

  MfaCrypto(String secret) {
    Assert.hasText(secret, "secret cannot be empty");
    byte[] master = secret.getBytes(StandardCharsets.UTF_8);
    this.encryptionKey =
        new SecretKeySpec(hmac(master, "gatehouse mfa secret encryption v1"), "AES");
    this.codeHashKey =
        new SecretKeySpec(hmac(master, "gatehouse mfa recovery code hash v1"), "HmacSHA256");
  }

  String encrypt(byte[] plaintext, String associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return Base64.getEncoder()
          .encodeToString(
              ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("AES-GCM is not available", ex);
    }
  }

  /**
   * The plaintext, or an {@link IllegalStateException} when the value was not sealed with this key
   * for this associated data (another secret configured, or a tampered row).
   */
  byte[] decrypt(String stored, String associatedData) {
    byte[] sealed = Base64.getDecoder().decode(stored);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          encryptionKey,
          new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(
          "a stored TOTP secret cannot be decrypted: gatehouse.mfa.encryption-secret changed?", ex);
    }
  }

  /** Lower-case hex HMAC-SHA256 of a recovery code, as stored and looked up. */
  String hashCode(String code) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(codeHashKey);
      return HexFormat.of().formatHex(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is not available", ex);
    }
  }

  private static byte[] hmac(byte[] key, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is not available", ex);
    }
  }

  @Override
  public String toString() {
    return "MfaCrypto[AES-256-GCM, HMAC-SHA256]";
  }
}
