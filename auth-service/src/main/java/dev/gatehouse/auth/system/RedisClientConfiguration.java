package dev.gatehouse.auth.system;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * auth-service uses Redis only for best-effort work (publishing revocations, which the feed backs
 * up, and shared login counters, which fall back to memory), so while the connection is down a
 * command fails at once instead of queueing for {@code spring.data.redis.timeout}: during a
 * Sentinel failover or an outage a login does not wait for Redis. Lettuce reconnects in the
 * background; with Sentinel each attempt asks the sentinels for the current primary.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

  /** Lettuce's default backoff doubles up to 30 s; capped, Redis is used again within a second. */
  private static final Duration RECONNECT_MAX_DELAY = Duration.ofSeconds(1);

  /** Customizes the options Boot derives from {@code spring.data.redis.*} (SSL, timeouts). */
  @Bean
  LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
    return options ->
        options
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
  }

  @Bean
  ClientResourcesBuilderCustomizer reconnectWithinASecond() {
    return resources ->
        resources.reconnectDelay(
            Delay.exponential(
                Duration.ofMillis(10), RECONNECT_MAX_DELAY, 2, TimeUnit.MILLISECONDS));
  }
}
