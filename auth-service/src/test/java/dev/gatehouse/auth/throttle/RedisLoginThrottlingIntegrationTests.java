package dev.gatehouse.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * {@code gatehouse.login.throttle.store=redis}, as in production: counters shared with another
 * auth-service instance through a real Redis, and logins unharmed (still throttled, never a 500)
 * while Redis is down.
 */
@TestPropertySource(properties = "gatehouse.login.throttle.store=redis")
@ExtendWith(OutputCaptureExtension.class)
class RedisLoginThrottlingIntegrationTests extends AbstractIntegrationTests {

  private static final TestRedis redis = TestRedis.start();
  private static final TestRedisTemplates otherInstances = new TestRedisTemplates(redis);

  @Autowired private LoginThrottleProperties policy;
  @Autowired private StringRedisTemplate template;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    redis.register(registry);
  }

  @AfterEach
  void redisRunning() {
    redis.startAgain();
  }

  @AfterAll
  static void stopRedis() {
    otherInstances.close();
    redis.close();
  }

  @Test
  void loginWhenFailuresSpreadOverTwoInstancesThenBothSeeTheLock() {
    redisAnswersThisInstance();
    TestUser user = createUser("user");
    LoginThrottle otherInstance =
        new LoginThrottle(new RedisThrottleStore(otherInstances.newTemplate()), policy, clock);

    for (int i = 0; i < 3; i++) {
      assertThat(jsonLogin(user.username(), "wrong-" + i, "203.0.113.10"))
          .hasStatus(HttpStatus.UNAUTHORIZED);
    }
    assertThat(otherInstance.tryAcquire(user.username(), "203.0.113.11")).isEmpty();
    assertThat(otherInstance.tryAcquire(user.username(), "203.0.113.11")).isEmpty();

    MvcTestResult refused = jsonLogin(user.username(), user.password(), "203.0.113.10");

    assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(refused).headers().hasValue(HttpHeaders.RETRY_AFTER, "30");
    assertThat(otherInstance.tryAcquire(user.username(), "203.0.113.11"))
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void loginWhenRedisDownThenNoErrorAndStillThrottledInMemory(CapturedOutput output) {
    TestUser user = createUser("user");
    redis.stop();

    assertThat(jsonLogin(user.username(), user.password(), "203.0.113.20"))
        .hasStatus(HttpStatus.OK);
    String name = "nobody-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      assertThat(jsonLogin(name, "guess", "203.0.113.20")).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    assertThat(jsonLogin(name, "guess", "203.0.113.20")).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(output.getAll().split("the shared store failed", -1)).hasSize(2);
    assertThat(output.getAll()).doesNotContain("Unexpected error").doesNotContain(name);
  }

  /** After an outage test: the app's connection is back and the retry interval has passed. */
  private void redisAnswersThisInstance() {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> template.hasKey("gatehouse:ping") != null);
    clock.advance(FallbackThrottleStore.RETRY_INTERVAL);
  }

  private MvcTestResult jsonLogin(String username, String password, String ip) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_JSON)
        .with(
            request -> {
              request.setRemoteAddr(ip);
              return request;
            })
        .content("{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password))
        .exchange();
  }
}
