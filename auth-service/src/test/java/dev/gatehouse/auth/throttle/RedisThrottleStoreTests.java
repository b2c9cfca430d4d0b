package dev.gatehouse.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis store on a real Redis keeps every promise of the throttle, and two auth-service
 * instances (here: two stores, each with its own connection) share one set of counters.
 */
class RedisThrottleStoreTests extends ThrottleStoreContractTests {

  private static final TestRedis redis = TestRedis.start();
  private static final TestRedisTemplates templates = new TestRedisTemplates(redis);

  @AfterAll
  static void stopRedis() {
    templates.close();
    redis.close();
  }

  /** A store on a new connection: every test's stores share one Redis. */
  @Override
  ThrottleStore store() {
    return new RedisThrottleStore(templates.newTemplate());
  }

  @Test
  void tryAcquireWhenFailuresSpreadOverTwoInstancesThenCountedTogether() {
    LoginThrottle first = new LoginThrottle(store(), policy, clock);
    LoginThrottle second = new LoginThrottle(store(), policy, clock);
    String name = randomName();

    for (int i = 0; i < 3; i++) {
      assertThat(first.tryAcquire(name, "203.0.113.10")).isEmpty();
    }
    for (int i = 0; i < 2; i++) {
      assertThat(second.tryAcquire(name, "203.0.113.11")).isEmpty();
    }

    assertThat(first.tryAcquire(name, "203.0.113.10")).contains(Duration.ofSeconds(30));
    assertThat(second.tryAcquire(name, "203.0.113.11")).contains(Duration.ofSeconds(30));
    second.succeeded(name, "203.0.113.11");
    assertThat(first.tryAcquire(name, "203.0.113.10")).as("reset on the other instance").isEmpty();
  }

  @Test
  void tryAcquireWhenCountedThenKeysExpireByThemselvesAndHoldNoUsername() {
    StringRedisTemplate template = templates.newTemplate();
    String name = "Someone-" + randomName();
    String client = "203.0.113." + (20 + (int) (Math.random() * 200));

    throttle.tryAcquire(name, client);

    String userKey = RedisThrottleStore.KEY_PREFIX + ThrottleKeys.username(name);
    String clientKey = RedisThrottleStore.KEY_PREFIX + ThrottleKeys.client(client);
    Set<String> keys = template.keys(RedisThrottleStore.KEY_PREFIX + "*");
    assertThat(keys).contains(userKey, clientKey).noneMatch(key -> key.contains("omeone"));
    assertThat(template.getExpire(userKey)).isPositive().isLessThanOrEqualTo(15 * 60);
    assertThat(template.getExpire(clientKey)).isPositive().isLessThanOrEqualTo(10 * 60);
  }
}
