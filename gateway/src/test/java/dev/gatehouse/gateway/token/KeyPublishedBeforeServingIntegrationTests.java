package dev.gatehouse.gateway.token;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.GatewayInstance;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.testsupport.redis.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Two gateways on one real Redis, the second started while the first serves: the second instance
 * publishes its signing key to the shared directory before its port opens and before readiness
 * turns {@code ACCEPTING_TRAFFIC}, so the token it mints in its very first request verifies with
 * the first instance's JWKS; a rotation publishes the new key before it signs; with Redis down at
 * start an instance starts after the bounded wait and its key reaches the directory once Redis is
 * back.
 */
class KeyPublishedBeforeServingIntegrationTests {

  static final TestRedis redis = TestRedis.start();
  static final TestUpstreams upstreams = new TestUpstreams();
  static GatewayInstance a;
  static GatewayInstance b;

  @BeforeAll
  static void start() {
    upstreams.reset();
    a = GatewayInstance.start(properties());
    Map<String, Object> second = properties();
    second.put("gatehouse.test.jwks-at-port-opening", a.baseUrl() + "/.well-known/jwks.json");
    b = GatewayInstance.start(second, PortOpeningProbe.class);
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

  @BeforeEach
  void reset() {
    upstreams.reset();
  }

  @Test
  void startWhenRedisUpThenKeyInOtherInstancesJwksBeforePortOpensAndWhileReadinessRefuses() {
    PortOpening seen = b.bean(PortOpening.class);

    assertThat(seen.observation).as("B's main web server started").isNotNull();
    assertThat(seen.observation.kidsOfOtherInstance())
        .as("A's JWKS when B's port opened")
        .contains(currentKid(b));
    assertThat(seen.observation.readiness()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    assertThat(b.bean(ApplicationAvailability.class).getReadinessState())
        .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
  }

  @Test
  void firstRequestWhenInstanceJustStartedThenItsTokenVerifiesWithTheOtherInstancesJwks()
      throws Exception {
    String jwt = jwtMintedBy(b);

    SignedJWT parsed = SignedJWT.parse(jwt);
    JWK key = jwks(a).getKeyByKeyId(parsed.getHeader().getKeyID());
    assertThat(key).as("A's JWKS lists B's key").isNotNull();
    assertThat(parsed.verify(new ECDSAVerifier((ECKey) key))).isTrue();
  }

  @Test
  void rotateWhenRedisUpThenNewKeyInOtherInstancesJwksBeforeItSigns() throws Exception {
    String before = currentKid(b);

    TestKeyRotation.rotateNow(b);

    String after = currentKid(b);
    assertThat(after).isNotEqualTo(before);
    // No waiting: by the time B signs with the new key, A already lists it.
    assertThat(kids(jwks(a))).contains(after, before);
    SignedJWT minted = SignedJWT.parse(jwtMintedBy(b));
    assertThat(minted.getHeader().getKeyID()).isEqualTo(after);
    assertThat(minted.verify(new ECDSAVerifier((ECKey) jwks(a).getKeyByKeyId(after)))).isTrue();
  }

  @Test
  void jwksWhenFetchedThenCachesMustRevalidateBeforeEachUse() throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create(a.baseUrl() + "/.well-known/jwks.json"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-cache");
  }

  @Test
  void startWhenRedisDownThenServesAfterTheBoundedWaitAndPublishesOnceRedisIsBack()
      throws Exception {
    redis.stop();
    GatewayInstance c = null;
    try {
      Map<String, Object> third = properties();
      third.put("gatehouse.token.key-directory.publish-wait-at-start", "1s");
      c = GatewayInstance.start(third);

      String kidOfC = currentKid(c);
      assertThat(c.bean(ApplicationAvailability.class).getReadinessState())
          .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
      assertThat(kids(jwks(c))).as("C's own JWKS while Redis is down").contains(kidOfC);

      redis.startAgain();
      GatewayInstance started = c;
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(kids(jwks(a))).contains(currentKid(started)));
    } finally {
      if (!redis.isRunning()) {
        redis.startAgain();
      }
      if (c != null) {
        c.close();
      }
    }
  }

  private static Map<String, Object> properties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put("gatehouse.upstream.auth-service", upstreams.authService.baseUrl());
    properties.put("gatehouse.upstream.demo-backend", upstreams.backend.baseUrl());
    properties.put("gatehouse.introspection.client-secret", "key-first-secret");
    properties.put("gatehouse.redis.enabled", true);
    properties.put("spring.data.redis.host", redis.host());
    properties.put("spring.data.redis.port", redis.port());
    properties.put("gatehouse.cache.l2-key-secret", "a-shared-secret-of-enough-length");
    properties.put("gatehouse.cache.l2-timeout", "1s");
    return properties;
  }

  /** The internal JWT the backend received for a request through {@code instance}. */
  private static String jwtMintedBy(GatewayInstance instance) {
    String token = TestSessions.newToken();
    upstreams.authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(TestSession.alice().introspectionJson())));
    instance
        .client()
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isOk();
    List<LoggedRequest> received = upstreams.backendRequests();
    String authorization = received.get(received.size() - 1).getHeader("Authorization");
    return authorization.substring("Bearer ".length());
  }

  private static String currentKid(GatewayInstance instance) {
    return instance.bean(SigningKeys.class).current().key().getKeyID();
  }

  private static JWKSet jwks(GatewayInstance instance) throws Exception {
    return JWKSet.load(URI.create(instance.baseUrl() + "/.well-known/jwks.json").toURL());
  }

  private static List<String> kids(JWKSet set) {
    return set.getKeys().stream().map(JWK::getKeyID).toList();
  }

  /** What an instance saw the moment its main port opened. */
  record Observation(List<String> kidsOfOtherInstance, ReadinessState readiness) {}

  /** Reads the other instance's JWKS and this one's readiness when the main web server starts. */
  static final class PortOpening implements ApplicationListener<ReactiveWebServerInitializedEvent> {

    private final Environment environment;
    private final ApplicationAvailability availability;
    volatile @Nullable Observation observation;

    PortOpening(Environment environment, ApplicationAvailability availability) {
      this.environment = environment;
      this.availability = availability;
    }

    @Override
    public void onApplicationEvent(ReactiveWebServerInitializedEvent event) {
      // The management server's child context announces its port here too: only ours counts.
      if (event.getApplicationContext().getServerNamespace() != null || observation != null) {
        return;
      }
      try {
        JWKSet other =
            JWKSet.load(
                URI.create(environment.getRequiredProperty("gatehouse.test.jwks-at-port-opening"))
                    .toURL());
        observation = new Observation(kids(other), availability.getReadinessState());
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PortOpeningProbe {

    @Bean
    PortOpening portOpening(Environment environment, ApplicationAvailability availability) {
      return new PortOpening(environment, availability);
    }
  }
}
