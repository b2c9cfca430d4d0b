package dev.gatehouse.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.gatehouse.auth.throttle.LoginThrottleProperties.Store;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class LoginThrottlePropertiesTests {

  static LoginThrottleProperties defaults() {
    return new Binder(new MapConfigurationPropertySource(Map.of()))
        .bindOrCreate("gatehouse.login.throttle", LoginThrottleProperties.class);
  }

  @Test
  void bindWhenNothingSetThenDocumentedDefaults() {
    assertThat(defaults())
        .isEqualTo(
            new LoginThrottleProperties(
                5,
                Duration.ofSeconds(30),
                Duration.ofMinutes(15),
                100,
                Duration.ofMinutes(10),
                Store.MEMORY));
  }

  @Test
  void bindWhenStoreRedisThenRedis() {
    LoginThrottleProperties properties =
        new Binder(
                new MapConfigurationPropertySource(
                    Map.of(
                        "gatehouse.login.throttle.store", "redis",
                        "gatehouse.login.throttle.max-failures", "3")))
            .bindOrCreate("gatehouse.login.throttle", LoginThrottleProperties.class);

    assertThat(properties.store()).isEqualTo(Store.REDIS);
    assertThat(properties.maxFailures()).isEqualTo(3);
  }

  @Test
  void backoffScheduleWhenDefaultsThenDoublesFromThirtySecondsUpToFifteenMinutes() {
    assertThat(defaults().backoffSchedule())
        .extracting(Duration::toSeconds)
        .containsExactly(30L, 60L, 120L, 240L, 480L, 900L);
  }

  @Test
  void lockAfterWhenBelowMaxFailuresThenNoLockElseScheduleThenCap() {
    LoginThrottleProperties policy = defaults();

    assertThat(policy.lockAfter(1)).isZero();
    assertThat(policy.lockAfter(4)).isZero();
    assertThat(policy.lockAfter(5)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.lockAfter(6)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.lockAfter(9)).isEqualTo(Duration.ofSeconds(480));
    assertThat(policy.lockAfter(10)).isEqualTo(Duration.ofMinutes(15));
    assertThat(policy.lockAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void constructWhenMaxBackoffShorterThanInitialThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new LoginThrottleProperties(
                    5,
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(30),
                    100,
                    Duration.ofMinutes(10),
                    Store.MEMORY))
        .withMessageContaining("max-backoff");
  }

  @Test
  void constructWhenBackoffOrWindowUnderOneSecondThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new LoginThrottleProperties(
                    5,
                    Duration.ZERO,
                    Duration.ofMinutes(15),
                    100,
                    Duration.ofMinutes(10),
                    Store.MEMORY))
        .withMessageContaining("initial-backoff");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new LoginThrottleProperties(
                    5,
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(15),
                    100,
                    Duration.ofMillis(10),
                    Store.MEMORY))
        .withMessageContaining("ip-window");
  }
}
