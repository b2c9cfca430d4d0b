package dev.gatehouse.auth.throttle;

import dev.gatehouse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Redis templates on connections of their own, as separate auth-service instances would have them,
 * with a 1 s command timeout like {@code spring.data.redis.timeout}. Closes them all at the end.
 */
final class TestRedisTemplates implements AutoCloseable {

  private final TestRedis redis;
  private final List<LettuceConnectionFactory> connections = new ArrayList<>();

  TestRedisTemplates(TestRedis redis) {
    this.redis = redis;
  }

  synchronized StringRedisTemplate newTemplate() {
    LettuceConnectionFactory connection =
        new LettuceConnectionFactory(
            new RedisStandaloneConfiguration(redis.host(), redis.port()),
            LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
    connection.afterPropertiesSet();
    connection.start();
    connections.add(connection);
    return new StringRedisTemplate(connection);
  }

  @Override
  public synchronized void close() {
    connections.forEach(LettuceConnectionFactory::destroy);
    connections.clear();
  }
}
