package dev.gatehouse.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.redis.TestRedis;
import dev.gatehouse.testsupport.time.TestClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Redis down: the throttle goes on counting in memory (never an error, never a free pass), says so
 * once, leaves Redis alone for a while, and goes back to it when it answers again.
 */
@ExtendWith(OutputCaptureExtension.class)
class FallbackThrottleStoreTests {

  private static final TestRedis redis = TestRedis.start();
  private static final TestRedisTemplates templates = new TestRedisTemplates(redis);
  private static final StringRedisTemplate template = templates.newTemplate();

  private final TestClock clock = new TestClock();
  private final LoginThrottleProperties policy = LoginThrottlePropertiesTests.defaults();

  /** Counts every call that reaches the Redis store. */
  private final AtomicInteger redisCalls = new AtomicInteger();

  private final ThrottleStore counted =
      (ThrottleStore)
          Proxy.newProxyInstance(
              ThrottleStore.class.getClassLoader(),
              new Class<?>[] {ThrottleStore.class},
              forwardingTo(new RedisThrottleStore(template), redisCalls));
  private final FallbackThrottleStore store =
      new FallbackThrottleStore(counted, new MemoryThrottleStore(), clock);
  private final LoginThrottle throttle = new LoginThrottle(store, policy, clock);

  @AfterEach
  void redisRunning() {
    redis.startAgain();
  }

  @AfterAll
  static void stopRedis() {
    templates.close();
    redis.close();
  }

  @Test
  void tryAcquireWhenRedisDownThenThrottlesInMemoryAndWarnsOnce(CapturedOutput output) {
    String name = "name-" + UUID.randomUUID();
    assertThat(throttle.tryAcquire(name, "203.0.113.1")).isEmpty();
    redis.stop();

    for (int i = 0; i < 5; i++) {
      assertThat(throttle.tryAcquire(name, "203.0.113.1")).as("attempt %d", i + 1).isEmpty();
    }

    assertThat(throttle.tryAcquire(name, "203.0.113.1")).contains(Duration.ofSeconds(30));
    assertThat(store.degraded()).isTrue();
    assertThat(output.getAll().split("the shared store failed", -1)).hasSize(2);
    assertThat(output.getAll()).doesNotContain(name);
  }

  @Test
  void tryAcquireWhenRedisDownThenNoRedisCallUntilTheRetryInterval() {
    redis.stop();
    throttle.tryAcquire("name-" + UUID.randomUUID(), "203.0.113.2");

    int callsWhenItFailed = redisCalls.get();
    for (int i = 0; i < 20; i++) {
      throttle.tryAcquire("name-" + UUID.randomUUID(), "203.0.113.2");
    }

    assertThat(redisCalls.get())
        .as("no Redis call within the retry interval")
        .isEqualTo(callsWhenItFailed);
    assertThat(store.degraded()).isTrue();
  }

  private static InvocationHandler forwardingTo(ThrottleStore target, AtomicInteger calls) {
    return (proxy, method, arguments) -> {
      calls.incrementAndGet();
      try {
        return method.invoke(target, arguments);
      } catch (InvocationTargetException ex) {
        throw ex.getCause();
      }
    };
  }

  @Test
  void tryAcquireWhenRedisBackAfterRetryIntervalThenSharedAgain(CapturedOutput output) {
    redis.stop();
    throttle.tryAcquire("name-" + UUID.randomUUID(), "203.0.113.3");
    assertThat(store.degraded()).isTrue();
    redis.startAgain();

    clock.advance(FallbackThrottleStore.RETRY_INTERVAL);
    String name = "name-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      assertThat(throttle.tryAcquire(name, "203.0.113.3")).isEmpty();
    }

    assertThat(store.degraded()).isFalse();
    assertThat(output.getAll()).contains("the shared store answers again");
    LoginThrottle otherInstance =
        new LoginThrottle(new RedisThrottleStore(templates.newTemplate()), policy, clock);
    assertThat(otherInstance.tryAcquire(name, "203.0.113.4"))
        .as("the failures went to Redis")
        .contains(Duration.ofSeconds(30));
  }
}
