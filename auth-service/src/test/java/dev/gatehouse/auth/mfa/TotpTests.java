package dev.gatehouse.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.totp.TestTotp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6238 TOTP, checked against the RFC's own test vectors and an independent implementation. */
class TotpTests {

  private static final byte[] SHA1_SEED =
      "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA256_SEED =
      "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SHA512_SEED =
      "1234567890123456789012345678901234567890123456789012345678901234"
          .getBytes(StandardCharsets.US_ASCII);

  /** RFC 6238 appendix B, every row: time (s), step (hex), TOTP, algorithm. */
  @ParameterizedTest(name = "{0} s {3} -> {2}")
  @CsvSource({
    "59, 0000000000000001, 94287082, HmacSHA1",
    "59, 0000000000000001, 46119246, HmacSHA256",
    "59, 0000000000000001, 90693936, HmacSHA512",
    "1111111109, 00000000023523EC, 07081804, HmacSHA1",
    "1111111109, 00000000023523EC, 68084774, HmacSHA256",
    "1111111109, 00000000023523EC, 25091201, HmacSHA512",
    "1111111111, 00000000023523ED, 14050471, HmacSHA1",
    "1111111111, 00000000023523ED, 67062674, HmacSHA256",
    "1111111111, 00000000023523ED, 99943326, HmacSHA512",
    "1234567890, 000000000273EF07, 89005924, HmacSHA1",
    "1234567890, 000000000273EF07, 91819424, HmacSHA256",
    "1234567890, 000000000273EF07, 93441116, HmacSHA512",
    "2000000000, 0000000003F940AA, 69279037, HmacSHA1",
    "2000000000, 0000000003F940AA, 90698825, HmacSHA256",
    "2000000000, 0000000003F940AA, 38618901, HmacSHA512",
    "20000000000, 0000000027BC86AA, 65353130, HmacSHA1",
    "20000000000, 0000000027BC86AA, 77737706, HmacSHA256",
    "20000000000, 0000000027BC86AA, 47863826, HmacSHA512"
  })
  void codeWhenRfc6238AppendixBVectorThenSameEightDigits(
      long time, String stepHex, String expected, String algorithm) {
    long step = Totp.step(Instant.ofEpochSecond(time));

    assertThat(step).isEqualTo(Long.parseLong(stepHex, 16));
    assertThat(Totp.code(seed(algorithm), step, algorithm, 8)).isEqualTo(expected);
  }

  /** Gatehouse's codes are the same truncation to 6 digits (RFC 4226 §5.3: modulo 10^6). */
  @ParameterizedTest(name = "{0} s -> {1}")
  @CsvSource({
    "59, 287082",
    "1111111109, 081804",
    "1111111111, 050471",
    "1234567890, 005924",
    "2000000000, 279037",
    "20000000000, 353130"
  })
  void codeWhenSha1SixDigitsThenLastSixDigitsOfTheVector(long time, String expected) {
    assertThat(Totp.code(SHA1_SEED, Totp.step(Instant.ofEpochSecond(time)))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} s into the step")
  @ValueSource(longs = {-30, 0, 30})
  void matchWhenCodeWithinOneStepOfTheClockThenItsStep(long offsetSeconds) {
    Instant now = Instant.ofEpochSecond(1_234_567_890);
    Instant codeTime = now.plusSeconds(offsetSeconds);
    String code = Totp.code(SHA1_SEED, Totp.step(codeTime));

    assertThat(Totp.match(SHA1_SEED, code, now, 1)).isEqualTo(OptionalLong.of(Totp.step(codeTime)));
  }

  @ParameterizedTest(name = "{0} s away")
  @ValueSource(longs = {-60, 60, 3600})
  void matchWhenCodeOutsideTheSkewWindowThenNoMatch(long offsetSeconds) {
    Instant now = Instant.ofEpochSecond(1_234_567_890);
    String code = Totp.code(SHA1_SEED, Totp.step(now.plusSeconds(offsetSeconds)));

    assertThat(Totp.match(SHA1_SEED, code, now, 1)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(longs = {59, 1_111_111_109, 2_000_000_000})
  void codeWhenComparedWithTheTestSupportAuthenticatorThenEqual(long time) {
    byte[] secret = Base32.decode(TestTotp.randomSecret());

    assertThat(Totp.code(secret, Totp.step(Instant.ofEpochSecond(time))))
        .isEqualTo(TestTotp.codeAt(Base32.encode(secret), Instant.ofEpochSecond(time)));
  }

  @ParameterizedTest
  @CsvSource({
    "'', ''",
    "f, MY",
    "foobar, MZXW6YTBOI",
    "12345678901234567890, GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
  })
  void base32WhenRfc4648VectorsThenEncodedWithoutPaddingAndDecodedBack(String text, String base32) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

    assertThat(Base32.encode(bytes)).isEqualTo(base32);
    assertThat(Base32.decode(base32.toLowerCase())).isEqualTo(bytes);
  }

  private static byte[] seed(String algorithm) {
    return switch (algorithm) {
      case "HmacSHA256" -> SHA256_SEED;
      case "HmacSHA512" -> SHA512_SEED;
      default -> SHA1_SEED;
    };
  }
}
