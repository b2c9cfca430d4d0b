package dev.gatehouse.auth.throttle;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The {@link LoginThrottle}, counting in memory, or in Redis (with memory behind it) when {@code
 * gatehouse.login.throttle.store=redis}.
 */
@Configuration(proxyBeanMethods = false)
class LoginThrottleConfiguration {

  @Bean
  LoginThrottle loginThrottle(
      LoginThrottleProperties properties, Clock clock, ObjectProvider<StringRedisTemplate> redis) {
    ThrottleStore store =
        switch (properties.store()) {
          case MEMORY -> new MemoryThrottleStore();
          case REDIS ->
              new FallbackThrottleStore(
                  new RedisThrottleStore(
                      redis.getIfAvailable(
                          () -> {
                            throw new IllegalStateException(
                                "gatehouse.login.throttle.store=redis needs a Redis connection:"
                                    + " configure spring.data.redis.*");
                          })),
                  new MemoryThrottleStore(),
                  clock);
        };
    return new LoginThrottle(store, properties, clock);
  }
}
