package dev.gatehouse.gateway.system;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis is an accelerator, never a dependency of a request: while the connection is down, commands
 * fail at once instead of queueing until a timeout (Lettuce's default), and Lettuce reconnects in
 * the background so Redis is used again as soon as it is back. Applies to every {@code
 * spring.data.redis.*} mode: with Sentinel each reconnection asks the sentinels for the current
 * primary, so after a failover commands and the pub/sub subscription move to the new primary.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

  /**
   * Lettuce's default backoff doubles up to 30 s: after a failover that took 20 s, the next attempt
   * could come 20 s later still. Capped at 1 s, the gateway is back on Redis about a second after
   * Redis (or the new primary) is.
   */
  private static final Duration RECONNECT_MAX_DELAY = Duration.ofSeconds(1);

  /**
   * Customizes the options Spring Boot builds rather than replacing them, so that what Boot derives
   * from {@code spring.data.redis.*} stays: the SSL bundle's trust and key material, the connect
   * timeout, Cluster topology refresh.
   */
  @Bean
  LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
    return options ->
        options
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)));
  }

  @Bean
  ClientResourcesBuilderCustomizer reconnectWithinASecond() {
    return resources ->
        resources.reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(10), RECONNECT_MAX_DELAY, 2, TimeUnit.MILLISECONDS));
  }
}
