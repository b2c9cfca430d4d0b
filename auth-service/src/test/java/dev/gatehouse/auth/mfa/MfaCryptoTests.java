package dev.gatehouse.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Stored TOTP secrets are sealed with AES-GCM and bound to their user; codes are keyed hashes. */
class MfaCryptoTests {

  private final MfaCrypto crypto = new MfaCrypto("configured secret");
  private final byte[] secret = "twenty bytes secret!".getBytes();

  @Test
  void decryptWhenSealedForTheSameUserThenSecretBack() {
    String stored = crypto.encrypt(secret, "user-1");

    assertThat(crypto.decrypt(stored, "user-1")).isEqualTo(secret);
    assertThat(stored).doesNotContain("twenty");
  }

  @Test
  void encryptWhenCalledTwiceThenDifferentValues() {
    assertThat(crypto.encrypt(secret, "user-1")).isNotEqualTo(crypto.encrypt(secret, "user-1"));
  }

  @Test
  void decryptWhenRowMovedToAnotherUserThenRefused() {
    String stored = crypto.encrypt(secret, "user-1");

    assertThatIllegalStateException().isThrownBy(() -> crypto.decrypt(stored, "user-2"));
  }

  @Test
  void decryptWhenAnotherSecretConfiguredThenRefused() {
    String stored = crypto.encrypt(secret, "user-1");

    assertThatIllegalStateException()
        .isThrownBy(() -> new MfaCrypto("another secret").decrypt(stored, "user-1"))
        .withMessageContaining("gatehouse.mfa.encryption-secret");
  }

  @Test
  void hashCodeWhenSameCodeThenSameHashAndKeyedBySecret() {
    assertThat(crypto.hashCode("ABCDEFGHIJ")).isEqualTo(crypto.hashCode("ABCDEFGHIJ")).hasSize(64);
    assertThat(crypto.hashCode("ABCDEFGHIJ"))
        .isNotEqualTo(new MfaCrypto("another secret").hashCode("ABCDEFGHIJ"));
  }

  @Test
  void recoveryCodesWhenGeneratedThenWellFormedAndDistinct() {
    List<String> codes = RecoveryCodes.generate(10);

    assertThat(codes).hasSize(10).doesNotHaveDuplicates();
    assertThat(codes).allMatch(code -> code.matches("[A-Z2-7]{5}-[A-Z2-7]{5}"));
    assertThat(codes).allMatch(RecoveryCodes::isWellFormed);
    assertThat(RecoveryCodes.normalize(" abcde-fghij ")).isEqualTo("ABCDEFGHIJ");
    assertThat(RecoveryCodes.isWellFormed("123456")).isFalse();
  }

  @Test
  void toStringThenNoKeyMaterial() {
    assertThat(crypto.toString()).doesNotContain("configured secret");
    assertThat(new MfaService.PendingEnrollment("challenge-x", "JBSWY3DP", "otpauth://x", "<svg/>"))
        .hasToString("PendingEnrollment[******]");
  }
}
