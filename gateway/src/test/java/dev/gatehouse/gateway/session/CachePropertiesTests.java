package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With Redis on, the L2 cache and the shared JWKS both need {@code l2-key-secret}; without a usable
 * one the gateway does not start, and the message says what to set and what it is for.
 */
class CachePropertiesTests {

  static Stream<Arguments> unusableSecrets() {
    return Stream.of(
        Arguments.of("not set", null),
        Arguments.of("empty", ""),
        Arguments.of("shorter than 16 characters", "fifteen-chars.."));
  }

  @ParameterizedTest(name = "l2-key-secret {0}")
  @MethodSource("unusableSecrets")
  void requiredL2KeySecretWhenUnusableThenFailsNamingTheSettingAndItsUse(
      String row, String secret) {
    CacheProperties properties = withSecret(secret);

    assertThatIllegalStateException()
        .isThrownBy(() -> properties.requiredL2KeySecret("authenticates the published keys"))
        .withMessage(
            "gatehouse.cache.l2-key-secret must be set (at least 16 characters, the same on every"
                + " instance) when gatehouse.redis.enabled=true: it authenticates the published"
                + " keys");
  }

  @Test
  void requiredL2KeySecretWhenLongEnoughThenReturnedButNeverPrinted() {
    CacheProperties properties = withSecret("a-shared-secret-of-enough-length");

    assertThat(properties.requiredL2KeySecret("test"))
        .isEqualTo("a-shared-secret-of-enough-length");
    assertThat(properties.toString()).doesNotContain("a-shared-secret");
  }

  private static CacheProperties withSecret(String secret) {
    return new CacheProperties(
        Duration.ofSeconds(5),
        Duration.ofSeconds(2),
        100_000,
        Duration.ofSeconds(60),
        Duration.ofSeconds(5),
        Duration.ofMillis(100),
        secret,
        Duration.ofMinutes(5),
        100_000,
        20);
  }
}
