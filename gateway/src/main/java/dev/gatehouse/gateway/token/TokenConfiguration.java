package dev.gatehouse.gateway.token;

import dev.gatehouse.gateway.session.CacheProperties;
import dev.gatehouse.gateway.system.RedisSeal;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Chooses where keys are published, once: Redis when {@code gatehouse.redis.enabled}. */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

  @Bean
  @ConditionalOnBooleanProperty("gatehouse.redis.enabled")
  PublishedKeys redisPublishedKeys(
      ReactiveStringRedisTemplate redis,
      CacheProperties cache,
      JsonMapper json,
      Clock clock,
      MeterRegistry meters) {
    RedisSeal seal =
        RedisSeal.forPublishedKeys(
            cache.requiredL2KeySecret(
                "authenticates the signing keys published in " + RedisPublishedKeys.HASH));
    return new RedisPublishedKeys(
        redis, new SealedKeyEntries(seal, json, clock, RedisPublishedKeys.HASH, meters));
  }

  @Bean
  @ConditionalOnBooleanProperty(
      name = "gatehouse.redis.enabled",
      havingValue = false,
      matchIfMissing = true)
  PublishedKeys localPublishedKeys() {
    return new PublishedKeys.LocalOnly();
  }
}
