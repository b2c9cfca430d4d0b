package dev.gatehouse.gateway.session;

import dev.gatehouse.gateway.system.RedisProperties;
import dev.gatehouse.protocol.SessionTokenFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

  /**
   * The session token format, keyed as on auth-service: the token secret, or the introspection
   * client secret the two services already share.
   */
  @Bean
  SessionTokenFormat sessionTokenFormat(
      SessionProperties session, IntrospectionProperties introspection) {
    String secret = session.tokenSecret();
    return new SessionTokenFormat(
        secret == null || secret.isEmpty() ? introspection.clientSecret() : secret,
        new SecureRandom());
  }

  @Bean
  SessionIntrospector sessionIntrospector(
      WebClient.Builder webClient,
      IntrospectionProperties introspection,
      CacheProperties cache,
      RedisProperties redis,
      ObjectProvider<ReactiveStringRedisTemplate> redisTemplate,
      RevokedSessions revoked,
      JsonMapper json,
      Clock clock,
      MeterRegistry meters) {
    IntrospectionClient client = new IntrospectionClient(webClient, introspection, meters);
    SharedIntrospectionCache shared =
        redis.enabled()
            ? new RedisIntrospectionCache(redisTemplate.getObject(), json, cache, clock, meters)
            : SharedIntrospectionCache.NONE;
    return new CachingSessionIntrospector(client, shared, revoked, cache, clock, meters);
  }
}
