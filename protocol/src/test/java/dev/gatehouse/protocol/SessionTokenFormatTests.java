package dev.gatehouse.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.gatehouse.protocol.SessionTokenFormat.Check;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionTokenFormatTests {

  static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  static final SessionTokenFormat FORMAT =
      new SessionTokenFormat("shared secret", new SecureRandom());
  static final String TOKEN = FORMAT.generate();

  @Test
  void generateThenFiftyFourBase64urlCharactersOfRandomBytesAndTheirTruncatedHmac()
      throws Exception {
    assertThat(TOKEN).hasSize(SessionTokenFormat.LENGTH).matches("[A-Za-z0-9_-]{54}");
    byte[] bytes = Base64.getUrlDecoder().decode(TOKEN);
    assertThat(bytes).hasSize(40);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            Keys.derive("shared secret", "gatehouse session-token check v1"), "HmacSHA256"));
    mac.update(bytes, 0, 32);
    byte[] expected = java.util.Arrays.copyOf(mac.doFinal(), 8);
    assertThat(java.util.Arrays.copyOfRange(bytes, 32, 40)).isEqualTo(expected);
  }

  @Test
  void checkWhenGeneratedBySameSecretThenValid() {
    assertThat(FORMAT.check(TOKEN)).isEqualTo(Check.VALID);
    SessionTokenFormat gateway = new SessionTokenFormat("shared secret", new SecureRandom());
    assertThat(gateway.isValid(TOKEN)).isTrue();
  }

  @Test
  void generateWhenCalledOftenThenNoRepeatsAndAlwaysValid() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      String token = FORMAT.generate();
      assertThat(seen.add(token)).isTrue();
      assertThat(FORMAT.check(token)).isEqualTo(Check.VALID);
    }
  }

  @Test
  void checkWhenIssuedUnderAnotherSecretThenForged() {
    String other = new SessionTokenFormat("other secret", new SecureRandom()).generate();
    assertThat(FORMAT.check(other)).isEqualTo(Check.FORGED);
  }

  @Test
  void checkWhenRandomBytesOfTheRightLengthThenForged() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[40];
    random.nextBytes(bytes);
    String made = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    assertThat(FORMAT.check(made)).isEqualTo(Check.FORGED);
  }

  /** Every position, changed to every other digit that keeps the spelling canonical. */
  static Stream<Arguments> tamperedCharacters() {
    return IntStream.range(0, SessionTokenFormat.LENGTH)
        .boxed()
        .flatMap(
            at -> {
              char original = TOKEN.charAt(at);
              int value = ALPHABET.indexOf(original);
              // the last digit carries two bits: change them only
              int step = at == SessionTokenFormat.LENGTH - 1 ? 16 : 1;
              int changed = (value + step) % 64;
              return Stream.of(
                  Arguments.of(
                      "char " + at + " " + original + "→" + ALPHABET.charAt(changed),
                      TOKEN.substring(0, at) + ALPHABET.charAt(changed) + TOKEN.substring(at + 1)));
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperedCharacters")
  void checkWhenAnyCharacterTamperedThenForged(String row, String tampered) {
    assertThat(FORMAT.check(tampered)).as(row).isEqualTo(Check.FORGED);
  }

  @Test
  void checkWhenLastDigitHasUnusedBitsSetThenMalformed() {
    int last = ALPHABET.indexOf(TOKEN.charAt(53));
    for (int low = 1; low < 16; low++) {
      String spelling = TOKEN.substring(0, 53) + ALPHABET.charAt((last & ~15) | low);
      // the JDK decoder accepts it and yields the same 40 bytes: only the canonical form is ours
      assertThat(Base64.getUrlDecoder().decode(spelling))
          .isEqualTo(Base64.getUrlDecoder().decode(TOKEN));
      assertThat(FORMAT.check(spelling))
          .as("last digit %s", spelling.charAt(53))
          .isEqualTo(Check.MALFORMED);
    }
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("53 characters", TOKEN.substring(1)),
        Arguments.of("55 characters", TOKEN + "A"),
        Arguments.of("the old 43-character format", TOKEN.substring(0, 43)),
        Arguments.of("padding", TOKEN.substring(0, 53) + "="),
        Arguments.of("padded to 56", TOKEN + "=="),
        Arguments.of("standard alphabet +", TOKEN.substring(0, 10) + "+" + TOKEN.substring(11)),
        Arguments.of("standard alphabet /", TOKEN.substring(0, 10) + "/" + TOKEN.substring(11)),
        Arguments.of("space", TOKEN.substring(0, 20) + " " + TOKEN.substring(21)),
        Arguments.of("NUL", TOKEN.substring(0, 20) + "\0" + TOKEN.substring(21)),
        Arguments.of("non-ASCII é", TOKEN.substring(0, 53) + "é"),
        Arguments.of("fullwidth Ａ", "Ａ" + TOKEN.substring(1)),
        Arguments.of("latin-1 above 127", TOKEN.substring(0, 30) + "\u00ff" + TOKEN.substring(31)),
        Arguments.of("char above 255", TOKEN.substring(0, 30) + "\u0141" + TOKEN.substring(31)),
        Arguments.of("surrogate pair", TOKEN.substring(0, 52) + "\uD83D\uDE00"),
        Arguments.of("quoted", "\"" + TOKEN.substring(2) + "\""),
        Arguments.of(
            "sql injection padded",
            ("';DROP TABLE sessions;--" + "A".repeat(54)).substring(0, 54)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void checkWhenNotShapedLikeATokenThenMalformed(String row, String presented) {
    assertThat(FORMAT.check(presented)).as(row).isEqualTo(Check.MALFORMED);
    assertThat(FORMAT.isValid(presented)).isFalse();
  }

  @Test
  void checkWhenUsedFromManyThreadsThenSameAnswers() {
    assertThat(
            IntStream.range(0, 10_000)
                .parallel()
                .allMatch(i -> FORMAT.isValid(TOKEN) && !FORMAT.isValid(TOKEN.substring(1) + "A")))
        .isTrue();
  }

  @Test
  void constructorWhenSecretEmptyThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new SessionTokenFormat("", new SecureRandom()));
  }

  @Test
  void toStringThenNoSecret() {
    assertThat(new SessionTokenFormat("top-secret-value", new SecureRandom()).toString())
        .doesNotContain("top-secret-value");
  }
}
