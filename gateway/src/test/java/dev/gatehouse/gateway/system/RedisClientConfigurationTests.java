package dev.gatehouse.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The gateway's Redis client settings apply to whatever {@code spring.data.redis.*} describes, and
 * add to Spring Boot's instead of replacing them. No Redis is contacted: the connection is lazy.
 */
class RedisClientConfigurationTests {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
          .withUserConfiguration(RedisClientConfiguration.class);

  @Test
  void connectionFactoryWhenSentinelPropertiesThenSentinelModeWithFailFastOptions() {
    context
        .withPropertyValues(
            "spring.data.redis.sentinel.master=gatehouse",
            "spring.data.redis.sentinel.nodes=10.0.0.1:26379,10.0.0.2:26379,10.0.0.3:26379",
            "spring.data.redis.sentinel.password=sentinel-secret",
            "spring.data.redis.password=data-secret")
        .run(
            started -> {
              LettuceConnectionFactory factory = started.getBean(LettuceConnectionFactory.class);
              assertThat(factory.getSentinelConfiguration()).isNotNull();
              assertThat(factory.getSentinelConfiguration().getMaster().getName())
                  .isEqualTo("gatehouse");
              assertThat(factory.getSentinelConfiguration().getSentinels())
                  .extracting(RedisNode::getHost)
                  .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.3");
              assertThat(factory.getSentinelConfiguration().getSentinelPassword().isPresent())
                  .isTrue();
              assertThat(factory.getSentinelConfiguration().getPassword().isPresent()).isTrue();
              assertFailFast(factory);
            });
  }

  @Test
  void clientOptionsWhenBootDerivesSettingsThenKeptBesideFailFast() {
    context
        .withPropertyValues(
            "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.connect-timeout=3s",
            "spring.data.redis.ssl.enabled=true")
        .run(
            started -> {
              LettuceConnectionFactory factory = started.getBean(LettuceConnectionFactory.class);
              assertThat(factory.getClientConfiguration().isUseSsl()).isTrue();
              assertThat(options(factory).getSocketOptions().getConnectTimeout())
                  .isEqualTo(Duration.ofSeconds(3));
              assertFailFast(factory);
            });
  }

  @Test
  void reconnectDelayWhenManyAttemptsThenAtMostOneSecond() {
    context.run(
        started -> {
          ClientResources resources = started.getBean(ClientResources.class);
          assertThat(resources.reconnectDelay().createDelay(1)).isEqualTo(Duration.ofMillis(10));
          assertThat(resources.reconnectDelay().createDelay(40)).isEqualTo(Duration.ofSeconds(1));
        });
  }

  private static void assertFailFast(LettuceConnectionFactory factory) {
    ClientOptions options = options(factory);
    assertThat(options.isAutoReconnect()).isTrue();
    assertThat(options.getDisconnectedBehavior())
        .isEqualTo(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
  }

  private static ClientOptions options(LettuceConnectionFactory factory) {
    return factory.getClientConfiguration().getClientOptions().orElseThrow();
  }
}
