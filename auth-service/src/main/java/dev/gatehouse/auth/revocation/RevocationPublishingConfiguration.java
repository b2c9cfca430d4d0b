package dev.gatehouse.auth.revocation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Redis publishing when {@code gatehouse.revocation.publish=true}, nothing otherwise. */
@Configuration(proxyBeanMethods = false)
class RevocationPublishingConfiguration {

  @Bean
  RevocationPublisher revocationPublisher(
      RevocationProperties properties, ObjectProvider<StringRedisTemplate> redis, JsonMapper json) {
    if (!properties.publish()) {
      return RevocationPublisher.NONE;
    }
    StringRedisTemplate template =
        redis.getIfAvailable(
            () -> {
              throw new IllegalStateException(
                  "gatehouse.revocation.publish=true needs a Redis connection:"
                      + " configure spring.data.redis.*");
            });
    return new RedisRevocationPublisher(template, json, properties.channel());
  }
}
