package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressProofTests {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  static final ClientAddressProof GATEWAY = proof("shared secret", NOW);

  static ClientAddressProof proof(String secret, Instant now) {
    return new ClientAddressProof(
        secret, Clock.fixed(now, ZoneOffset.UTC), ClientAddressProof.DEFAULT_MAX_AGE);
  }

  @Test
  void verifyWhenSignedWithTheSameSecretThenTheAddress() {
    assertThat(proof("shared secret", NOW.plusSeconds(30)).verify(GATEWAY.sign("198.51.100.7")))
        .contains("198.51.100.7");
    assertThat(GATEWAY.verify(GATEWAY.sign("2001:db8::1"))).contains("2001:db8::1");
  }

  @Test
  void verifyWhenSignedWithAnotherSecretThenEmpty() {
    assertThat(GATEWAY.verify(proof("other secret", NOW).sign("198.51.100.7"))).isEmpty();
  }

  @Test
  void verifyWhenOlderOrNewerThanTheMaximumAgeThenEmpty() {
    String value = GATEWAY.sign("198.51.100.7");
    assertThat(proof("shared secret", NOW.plusSeconds(61)).verify(value)).isEmpty();
    assertThat(proof("shared secret", NOW.minusSeconds(61)).verify(value)).isEmpty();
    assertThat(proof("shared secret", NOW.plus(Duration.ofSeconds(60))).verify(value))
        .contains("198.51.100.7");
  }

  @Test
  void verifyWhenTheAddressIsChangedThenEmpty() {
    String value = GATEWAY.sign("198.51.100.7");
    assertThat(GATEWAY.verify(value.replace("198.51.100.7", "198.51.100.8"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ";",
        ";;",
        "198.51.100.7",
        "198.51.100.7;1",
        "198.51.100.7;x;AAAA",
        "198.51.100.7;1;not base64!",
        ";1764590400;AAAA"
      })
  void verifyWhenMalformedThenEmpty(String value) {
    assertThat(GATEWAY.verify(value)).isEmpty();
  }

  @Test
  void verifyWhenNullThenEmpty() {
    assertThat(GATEWAY.verify(null)).isEmpty();
  }

  @Test
  void signWhenNotAnAddressThenRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> GATEWAY.sign("1.2.3.4;5"));
    assertThatIllegalArgumentException().isThrownBy(() -> GATEWAY.sign(""));
  }
}
