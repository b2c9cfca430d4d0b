package dev.gatehouse.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.gatehouse.testsupport.redis.TestRedis;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Two gateway instances sharing one real Redis, with WireMock as auth-service and as the backend:
 * the set-up of the tests of what the instances share through Redis. The test stubs the WireMock
 * servers and then starts the gateways with {@link #sharedProperties(String)}, plus its own.
 */
final class TwoGatewaysOnOneRedis implements AutoCloseable {

  static final String L2_KEY_SECRET = "a-shared-secret-of-enough-length";

  final TestRedis redis;
  final WireMockServer authService;
  final WireMockServer backend;
  private @Nullable GatewayInstance a;
  private @Nullable GatewayInstance b;

  /**
   * Starts Redis and the two WireMock servers; {@code backendTemplating} lets the backend's stubs
   * echo what it received (WireMock response templating).
   */
  TwoGatewaysOnOneRedis(boolean backendTemplating) {
    this.redis = TestRedis.start();
    this.authService = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    this.authService.start();
    this.backend =
        new WireMockServer(
            options().dynamicPort().bindAddress("127.0.0.1").globalTemplating(backendTemplating));
    this.backend.start();
  }

  /**
   * The properties both instances share (a new, modifiable map): the WireMock upstreams, Redis, the
   * L2 cache's key secret {@link #L2_KEY_SECRET} and a 1 s L2 timeout.
   */
  Map<String, Object> sharedProperties(String clientSecret) {
    Map<String, Object> shared = new HashMap<>();
    shared.put("gatehouse.upstream.auth-service", authService.baseUrl());
    shared.put("gatehouse.upstream.demo-backend", backend.baseUrl());
    shared.put("gatehouse.introspection.client-secret", clientSecret);
    shared.put("gatehouse.redis.enabled", true);
    shared.put("spring.data.redis.host", redis.host());
    shared.put("spring.data.redis.port", redis.port());
    shared.put("gatehouse.cache.l2-key-secret", L2_KEY_SECRET);
    // A loaded 2-core CI machine can take more than the default 100 ms for a Redis round trip;
    // a timeout would count as a miss and turn into an extra introspection call.
    shared.put("gatehouse.cache.l2-timeout", "1s");
    return shared;
  }

  /** Starts instance {@link #a()}, then instance {@link #b()}, with the same properties. */
  void startGateways(Map<String, Object> properties, Class<?>... extraSources) {
    this.a = GatewayInstance.start(properties, extraSources);
    this.b = GatewayInstance.start(properties, extraSources);
  }

  /** auth-service (WireMock) answers the introspection of {@code token} with {@code json}. */
  void introspectionAnswers(String token, String json) {
    authService.stubFor(
        WireMock.post(WireMock.urlEqualTo("/oauth2/introspect"))
            .withRequestBody(WireMock.equalTo("token=" + token))
            .willReturn(WireMock.okJson(json)));
  }

  GatewayInstance a() {
    return started(a);
  }

  GatewayInstance b() {
    return started(b);
  }

  /**
   * Starts Redis again if a test stopped it and waits until both instances have reconnected (they
   * reconnect in the background), so that the next test does not race the reconnection.
   */
  void awaitRedisAgain() {
    redis.startAgain();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> connected(a()) && connected(b()));
  }

  /** Whether {@code instance}'s Redis connection accepts commands (it reconnects on its own). */
  static boolean connected(GatewayInstance instance) {
    try {
      instance
          .bean(ReactiveStringRedisTemplate.class)
          .hasKey("gatehouse:test:probe")
          .block(Duration.ofSeconds(2));
      return true;
    } catch (RuntimeException ex) {
      return false;
    }
  }

  /** Closes the instances that started, then the WireMock servers and Redis. */
  @Override
  public void close() {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    authService.stop();
    backend.stop();
    redis.close();
  }

  private static GatewayInstance started(@Nullable GatewayInstance instance) {
    if (instance == null) {
      throw new IllegalStateException("startGateways(..) has not started the instances");
    }
    return instance;
  }
}
