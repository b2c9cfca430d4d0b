package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testsupport.redis.TestRedis;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * With Redis on, the gateway does not start without the secret that authenticates what it reads
 * back from Redis, and says what to set (without Redis it starts without one, as every test class
 * without Redis shows). Its own class: a context that fails to start disposes Reactor Netty's
 * shared event loops, which would break the gateways another class still runs.
 */
class RedisIntegritySecretIntegrationTests {

  static TestRedis redis;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  static Stream<Arguments> unusableSecrets() {
    return Stream.of(
        Arguments.of("not set", null),
        Arguments.of("empty", ""),
        Arguments.of("shorter than 16 characters", "fifteen-chars.."));
  }

  @ParameterizedTest(name = "l2-key-secret {0}")
  @MethodSource("unusableSecrets")
  void gatewayWhenRedisEnabledWithoutUsableSecretThenFailsToStartNamingTheSetting(
      String row, String secret) {
    Map<String, Object> properties = redisEnabled();
    if (secret != null) {
      properties.put("gatehouse.cache.l2-key-secret", secret);
    }

    assertThatThrownBy(() -> GatewayInstance.start(properties).close())
        .hasStackTraceContaining(
            "gatehouse.cache.l2-key-secret must be set (at least 16 characters, the same on every"
                + " instance) when gatehouse.redis.enabled=true");
  }

  private static Map<String, Object> redisEnabled() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("gatehouse.introspection.client-secret", "integrity-test-secret");
    properties.put("gatehouse.redis.enabled", true);
    properties.put("spring.data.redis.host", redis.host());
    properties.put("spring.data.redis.port", redis.port());
    return properties;
  }
}
