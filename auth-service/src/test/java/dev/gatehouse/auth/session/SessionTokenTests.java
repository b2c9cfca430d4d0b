package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTokenTests {

  @Test
  void generateWhenCalledThen256RandomBitsAsBase64UrlWithoutPadding() {
    SessionToken token = SessionToken.generate();

    assertThat(token.value()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(token.value())).hasSize(32);
  }

  @Test
  void generateWhenCalledManyTimesThenNoDuplicates() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(SessionToken.generate().value())).isTrue();
    }
  }

  @Test
  void toStringWhenCalledThenShortFingerprintNeverTheValue() {
    SessionToken token = SessionToken.generate();

    assertThat(token.toString())
        .matches("SessionToken\\[[0-9a-f]{8}]")
        .doesNotContain(token.value())
        .doesNotContain(token.sha256Hex().substring(0, 8));
    assertThat(
            new NewSession(token, java.util.UUID.randomUUID(), java.time.Instant.now()).toString())
        .doesNotContain(token.value());
  }

  @Test
  void sha256HexWhenCalledThenLowerCaseHexDigestOfTheCharacters() throws Exception {
    SessionToken token = SessionToken.generate();

    assertThat(token.sha256Hex())
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(token.value().getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void parseWhenIssuedValueThenEqualToken() {
    SessionToken token = SessionToken.generate();

    assertThat(SessionToken.parse(token.value())).contains(token);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "short",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // 44 characters
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", // padding
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", // standard, not url-safe, alphabet
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", // non-canonical last character
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAé"
      })
  void parseWhenNotAnIssuedShapeThenEmpty(String raw) {
    assertThat(SessionToken.parse(raw)).isEmpty();
  }
}
