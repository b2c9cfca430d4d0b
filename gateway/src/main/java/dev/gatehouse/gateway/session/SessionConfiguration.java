package dev.gatehouse.gateway.session;

import dev.gatehouse.protocol.SessionTokenFormat;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

  /**
   * {@code gatehouse.revocation.remember}'s default. The setting is documented with the revocation
   * feature (its feed catch-up reaches back as far), but the memory is the introspector's, so it is
   * read here by name: a type from {@code revocation} would make the two packages a cycle.
   */
  static final Duration REMEMBER_REVOKED = Duration.ofMinutes(15);

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

  /** L2 in Redis, chosen once by {@code gatehouse.redis.enabled}. */
  @Bean
  @ConditionalOnBooleanProperty("gatehouse.redis.enabled")
  SharedIntrospectionCache redisIntrospectionCache(
      ReactiveStringRedisTemplate redisTemplate,
      JsonMapper json,
      CacheProperties cache,
      Clock clock,
      MeterRegistry meters) {
    return new RedisIntrospectionCache(redisTemplate, json, cache, clock, meters);
  }

  /** Without Redis the gateway runs with L1 only. */
  @Bean
  @ConditionalOnBooleanProperty(
      name = "gatehouse.redis.enabled",
      havingValue = false,
      matchIfMissing = true)
  SharedIntrospectionCache noSharedIntrospectionCache() {
    return SharedIntrospectionCache.NONE;
  }

  @Bean
  IntrospectionCircuitBreaker introspectionBreaker(
      IntrospectionCircuitBreakerProperties properties, Clock clock, MeterRegistry meters) {
    return new IntrospectionCircuitBreaker(properties, clock, meters);
  }

  @Bean
  SessionIntrospector sessionIntrospector(
      WebClient.Builder webClient,
      IntrospectionProperties introspection,
      IntrospectionCircuitBreaker breaker,
      CacheProperties cache,
      SharedIntrospectionCache shared,
      Environment environment,
      Clock clock,
      MeterRegistry meters) {
    IntrospectionClient client = new IntrospectionClient(webClient, introspection, breaker, meters);
    Duration remember =
        Binder.get(environment)
            .bind("gatehouse.revocation.remember", Duration.class)
            .orElse(REMEMBER_REVOKED);
    RevokedSessions revoked = new RevokedSessions(remember, new ClockTicker(clock));
    return new CachingSessionIntrospector(client, shared, revoked, cache, clock, meters);
  }
}
