package dev.gatehouse.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.gatehouse.gateway.GatewayInstance;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on one real Redis, then Redis stopped: instance B's JWKS keeps listing instance A's
 * signing key (the last good read of the shared directory), so a backend that fetches the JWKS from
 * B during the outage still verifies tokens A mints; and every JWKS request is answered, none waits
 * on the dead Redis for longer than the read timeout.
 */
class KeyDirectoryRedisOutageIntegrationTests {

  static final TestRedis redis = TestRedis.start();
  static final TestUpstreams upstreams = new TestUpstreams();
  static GatewayInstance a;
  static GatewayInstance b;

  @BeforeAll
  static void start() {
    upstreams.reset();
    Map<String, Object> properties =
        Map.of(
            "gatehouse.upstream.auth-service", upstreams.authService.baseUrl(),
            "gatehouse.upstream.demo-backend", upstreams.backend.baseUrl(),
            "gatehouse.introspection.client-secret", "key-directory-secret",
            "gatehouse.redis.enabled", true,
            "spring.data.redis.host", redis.host(),
            "spring.data.redis.port", redis.port(),
            "gatehouse.cache.l2-key-secret", "a-shared-secret-of-enough-length");
    a = GatewayInstance.start(properties);
    b = GatewayInstance.start(properties);
  }

  @AfterAll
  static void stop() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    upstreams.stop();
    redis.close();
  }

  @Test
  void jwksWhenRedisStoppedThenStillListsTheOtherInstancesKey() {
    String kidOfA = a.bean(SigningKeys.class).current().key().getKeyID();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> kids(b).contains(kidOfA));

    redis.stop();
    try {
      for (int i = 0; i < 10; i++) {
        assertThat(kids(b)).as("request %d during the outage", i).contains(kidOfA);
      }
    } finally {
      redis.startAgain();
    }
  }

  private static List<String> kids(GatewayInstance instance) {
    String body =
        instance
            .client()
            .get()
            .uri("/.well-known/jwks.json")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    try {
      return JWKSet.parse(body).getKeys().stream().map(JWK::getKeyID).toList();
    } catch (java.text.ParseException ex) {
      throw new AssertionError(body, ex);
    }
  }
}
