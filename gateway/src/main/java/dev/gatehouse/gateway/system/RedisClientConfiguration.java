package dev.gatehouse.gateway.system;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import java.time.Duration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis is an accelerator, never a dependency of a request: while the connection is down, commands
 * fail at once instead of queueing until a timeout (Lettuce's default), and Lettuce reconnects in
 * the background so Redis is used again as soon as it is back.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

  @Bean
  LettuceClientConfigurationBuilderCustomizer failFastWhileDisconnected() {
    return builder ->
        builder.clientOptions(
            ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
                .build());
  }
}
