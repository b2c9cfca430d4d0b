package dev.gatehouse.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The MAC that binds a Redis value to its key, its purpose and the shared secret. */
class RedisSealTests {

  static final String SECRET = "a-shared-secret-of-enough-length";
  static final String KEY = "gatehouse:introspection:0123456789abcdef";
  static final String VALUE = "{\"active\":true,\"sub\":\"alice\",\"roles\":[\"user\"]}";

  final RedisSeal seal = RedisSeal.forL2Values(SECRET);

  static final Instant WRITTEN = Instant.parse("2026-12-01T12:00:00.123Z");

  @Test
  void openWhenSealedForTheSameKeyThenValueAndWhenWritten() {
    assertThat(seal.open(KEY, seal.seal(KEY, VALUE, WRITTEN)))
        .isEqualTo(new RedisSeal.Sealed(VALUE, WRITTEN));
  }

  static Stream<Arguments> refused() {
    RedisSeal seal = RedisSeal.forL2Values(SECRET);
    String sealed = seal.seal(KEY, VALUE, WRITTEN);
    String millis = Long.toString(WRITTEN.toEpochMilli());
    return Stream.of(
        Arguments.of("unsealed JSON", KEY, VALUE),
        Arguments.of("sealed for another key", KEY + "0", sealed),
        Arguments.of("value changed", KEY, sealed.replace("user", "admin")),
        Arguments.of("MAC removed", KEY, "v1.." + millis + "." + VALUE),
        Arguments.of("MAC not base64url", KEY, "v1.***." + millis + "." + VALUE),
        Arguments.of(
            "written-at changed", KEY, sealed.replace("." + millis + ".", ".1" + millis + ".")),
        Arguments.of("written-at missing", KEY, sealed.replace("." + millis + ".", ".")),
        Arguments.of("MAC truncated", KEY, "v1." + sealed.substring(4)),
        Arguments.of("no separator after the MAC", KEY, "v1.abc"),
        Arguments.of(
            "sealed under another secret",
            KEY,
            RedisSeal.forL2Values(SECRET + "x").seal(KEY, VALUE, WRITTEN)),
        Arguments.of(
            "sealed for another purpose",
            KEY,
            "v1."
                + RedisSeal.forPublishedKeys(SECRET).mac(KEY, millis, VALUE)
                + "."
                + millis
                + "."
                + VALUE),
        Arguments.of("empty", KEY, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void openWhenNotSealedForThisKeyThenNull(String row, String key, String value) {
    assertThat(seal.open(key, value)).isNull();
  }

  @Test
  void macWhenPartsSplitDifferentlyThenDiffers() {
    assertThat(seal.mac("ab", "c")).isNotEqualTo(seal.mac("a", "bc"));
    assertThat(seal.verify(seal.mac("ab", "c"), "ab", "c")).isTrue();
    assertThat(seal.verify(null, "ab", "c")).isFalse();
  }

  @Test
  void toStringWhenPrintedThenNamesPurposeNotSecret() {
    assertThat(seal.toString()).contains("l2-value").doesNotContain(SECRET);
  }
}
