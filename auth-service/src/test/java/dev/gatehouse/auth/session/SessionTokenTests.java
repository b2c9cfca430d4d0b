package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.gatehouse.protocol.SessionTokenFormat;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTokenTests {

  static final SessionTokens TOKENS = TestSessionTokenFormats.tokens();

  @Test
  void generateWhenCalledThenFiftyFourBase64UrlCharactersWithAValidCheckValue() {
    SessionToken token = TOKENS.generate();

    assertThat(token.value()).hasSize(54).matches("[A-Za-z0-9_-]{54}");
    assertThat(Base64.getUrlDecoder().decode(token.value())).hasSize(40);
    assertThat(
            new SessionTokenFormat(TestSessionTokenFormats.SECRET, new SecureRandom())
                .isValid(token.value()))
        .isTrue();
  }

  @Test
  void generateWhenCalledManyTimesThenNoDuplicates() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(TOKENS.generate().value())).isTrue();
    }
  }

  @Test
  void toStringWhenCalledThenShortFingerprintNeverTheValue() {
    SessionToken token = TOKENS.generate();

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
    SessionToken token = TOKENS.generate();

    assertThat(token.sha256Hex())
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(token.value().getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void parseWhenIssuedValueThenEqualToken() {
    SessionToken token = TOKENS.generate();

    assertThat(TOKENS.parse(token.value())).contains(token);
  }

  @Test
  void parseWhenIssuedUnderAnotherSecretThenEmpty() {
    SessionTokens other =
        new SessionTokens(
            TestSessionTokenFormats.properties("GATEHOUSE_SESSION", true, "another secret"),
            new IntrospectionSecret(TestSessionTokenFormats.SECRET));

    assertThat(TOKENS.parse(other.generate().value())).isEmpty();
  }

  @Test
  void parseWhenTokenSecretSetThenItKeysTheCheckValueInsteadOfTheClientSecret() {
    SessionTokens own =
        new SessionTokens(
            TestSessionTokenFormats.properties("GATEHOUSE_SESSION", true, "token secret"),
            new IntrospectionSecret(TestSessionTokenFormats.SECRET));
    String token = own.generate().value();

    assertThat(new SessionTokenFormat("token secret", new SecureRandom()).isValid(token)).isTrue();
    assertThat(TOKENS.parse(token)).isEmpty();
  }

  @Test
  void constructorWhenNoSecretAtAllThenRefusedWithWhatToSet() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                new SessionTokens(
                    TestSessionTokenFormats.properties("GATEHOUSE_SESSION", true),
                    new IntrospectionSecret(null)))
        .withMessageContaining("gatehouse.session.token-secret");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "short",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // the old 43-character format
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // 54 characters, check fails
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // 55 characters
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", // padding
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", // standard alphabet
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", // non-canonical last character
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAé"
      })
  void parseWhenNotAnIssuedShapeThenEmpty(String raw) {
    assertThat(TOKENS.parse(raw)).isEmpty();
  }

  @Test
  void toStringOfPropertiesThenNoTokenSecret() {
    assertThat(TestSessionTokenFormats.properties("GATEHOUSE_SESSION", true, "hunter2").toString())
        .doesNotContain("hunter2");
    assertThat(new IntrospectionSecret("hunter2").toString()).doesNotContain("hunter2");
  }
}
