package dev.gatehouse.auth.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

class PasswordEncodingTests {

  private final PasswordEncoder encoder = new PasswordConfiguration().passwordEncoder();

  @Test
  void encodeWhenCalledThenArgon2idWithAsvsParameters() {
    String hash = encoder.encode("correct horse battery staple");

    // ASVS 5.0 Appendix C / OWASP: Argon2id, m >= 19 MiB, t = 2, p = 1.
    assertThat(hash).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(encoder.matches("correct horse battery staple", hash)).isTrue();
    assertThat(encoder.matches("Correct horse battery staple", hash)).isFalse();
    assertThat(encoder.upgradeEncoding(hash)).isFalse();
  }

  @Test
  void encodeWhenSamePasswordTwiceThenDifferentSalts() {
    assertThat(encoder.encode("same")).isNotEqualTo(encoder.encode("same"));
  }

  @Test
  void matchesWhenBcryptHashThenAcceptedAndMarkedForUpgrade() {
    String bcrypt = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("legacy");

    assertThat(encoder.matches("legacy", bcrypt)).isTrue();
    assertThat(encoder.upgradeEncoding(bcrypt)).isTrue();
  }
}
