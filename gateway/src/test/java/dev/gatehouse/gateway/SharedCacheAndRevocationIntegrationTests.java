package dev.gatehouse.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.token.TestKeyRotation;
import dev.gatehouse.testsupport.redis.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Two gateway instances sharing one real Redis, with WireMock as auth-service (introspection and
 * the revocation feed) and as the backend (echoing the identity it received). Proves the cache's
 * promises: single-flight, bounded introspection load, no identity mix-up, revocation within its
 * bounds through pub/sub and through the feed alone, no token in Redis, and one JWKS for all.
 */
class SharedCacheAndRevocationIntegrationTests {

  static final String CLIENT_SECRET = "shared-test-secret";
  static final AtomicLong feedSeq = new AtomicLong();

  static TwoGatewaysOnOneRedis servers;
  static TestRedis redis;
  static WireMockServer authService;
  static WireMockServer backend;
  static DisposableServer webSocketBackend;
  static GatewayInstance a;
  static GatewayInstance b;

  @BeforeAll
  static void start() {
    servers = new TwoGatewaysOnOneRedis(true);
    redis = servers.redis;
    authService = servers.authService;
    backend = servers.backend;
    webSocketBackend =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes.ws(
                        "/ws/echo",
                        (in, out) ->
                            out.sendString(in.receive().asString().map(text -> "echo:" + text))))
            .bindNow();
    stubDefaults();
    Map<String, Object> shared = servers.sharedProperties(CLIENT_SECRET);
    shared.put("gatehouse.test.websocket-uri", "ws://127.0.0.1:" + webSocketBackend.port());
    servers.startGateways(shared, WebSocketRoute.class);
    a = servers.a();
    b = servers.b();
  }

  @AfterAll
  static void stop() {
    servers.close();
    webSocketBackend.disposeNow();
  }

  @BeforeEach
  void reset() {
    servers.awaitRedisAgain();
    authService.resetAll();
    backend.resetAll();
    stubDefaults();
  }

  @Test
  void fiveHundredConcurrentFirstRequestsForOneSessionThenOneIntrospectionCall() {
    String token = TestSessions.newToken();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(TestSession.alice().introspectionJson()).withFixedDelay(1_000)));
    WebClient client = WebClient.create(a.baseUrl());

    List<Integer> statuses =
        Flux.range(0, 500)
            .flatMap(
                i ->
                    client
                        .get()
                        .uri("/api/me")
                        .cookie("GATEHOUSE_SESSION", token)
                        .exchangeToMono(
                            response ->
                                response.releaseBody().thenReturn(response.statusCode().value())),
                500)
            .collectList()
            .block(Duration.ofSeconds(60));

    assertThat(statuses).hasSize(500).containsOnly(200);
    authService.verify(1, postRequestedFor(urlEqualTo("/oauth2/introspect")));
  }

  @Test
  void tenThousandRequestsOverHundredSessionsThenBoundedIntrospectionAndNoIdentityMixUp() {
    List<String> tokens = new ArrayList<>();
    Map<String, TestSession> sessions = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      String token = TestSessions.newToken();
      TestSession session = TestSession.alice();
      tokens.add(token);
      sessions.put(token, session);
      servers.introspectionAnswers(token, session.introspectionJson());
    }
    WebClient[] clients = {WebClient.create(a.baseUrl()), WebClient.create(b.baseUrl())};
    AtomicInteger mismatches = new AtomicInteger();
    Instant started = Instant.now();

    Long ok =
        Flux.range(0, 10_000)
            .flatMap(
                i -> {
                  String token = tokens.get(i % 100);
                  // every session is used on both instances, alternating per pass
                  return clients[(i / 100) % 2]
                      .get()
                      .uri("/api/me")
                      .cookie("GATEHOUSE_SESSION", token)
                      .retrieve()
                      .bodyToMono(String.class)
                      .doOnNext(
                          echoed -> {
                            if (!sameIdentity(echoed, sessions.get(token))) {
                              mismatches.incrementAndGet();
                            }
                          });
                },
                32)
            .count()
            .block(Duration.ofMinutes(3));

    Duration run = Duration.between(started, Instant.now());
    long windows = (run.toMillis() + 59_999) / 60_000;
    int calls = authService.findAll(postRequestedFor(urlEqualTo("/oauth2/introspect"))).size();
    assertThat(ok).isEqualTo(10_000);
    assertThat(mismatches).hasValue(0);
    // each session: one call per L2 window, plus at most one more when both instances miss at the
    // same moment on its first use
    assertThat(calls).isBetween(100, (int) (100 * windows) + 20);
  }

  @Test
  void revokedSessionThenRefusedByBothInstancesViaPubSub() {
    String token = TestSessions.newToken();
    TestSession alice = TestSession.alice();
    servers.introspectionAnswers(token, alice.introspectionJson());
    assertThat(status(a, token)).isEqualTo(200);
    assertThat(status(b, token)).isEqualTo(200);
    double pubsubA = applied(a, "pubsub");
    double pubsubB = applied(b, "pubsub");
    double feedA = applied(a, "feed");
    double feedB = applied(b, "feed");

    servers.introspectionAnswers(token, "{\"active\":false}");
    // Both subscribers must hear it: after a Redis restart they resubscribe with backoff, so the
    // message is repeated until both did (applying a revocation twice is a no-op). Until the
    // publishing connection is back too, a publish fails: that is a reason to poll again.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> publishOnChannel(alice) >= 2);

    // How fast is the benchmark's figure; here: it arrives, and by the channel, not the feed
    // (nothing was written to the feed).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(a, token) == 401 && status(b, token) == 401);
    assertThat(applied(a, "pubsub")).isEqualTo(pubsubA + 1);
    assertThat(applied(b, "pubsub")).isEqualTo(pubsubB + 1);
    assertThat(applied(a, "feed")).isEqualTo(feedA);
    assertThat(applied(b, "feed")).isEqualTo(feedB);
  }

  @Test
  void revokedSessionWithRedisStoppedThenRefusedByBothViaFeed() {
    String token = TestSessions.newToken();
    TestSession alice = TestSession.alice();
    servers.introspectionAnswers(token, alice.introspectionJson());
    assertThat(status(a, token)).isEqualTo(200);
    assertThat(status(b, token)).isEqualTo(200);
    double feedA = applied(a, "feed");
    double feedB = applied(b, "feed");
    redis.stop();

    servers.introspectionAnswers(token, "{\"active\":false}");
    publishOnFeed(alice);

    // The bound (one poll interval) is the benchmark's figure; here: the feed alone delivers it.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(a, token) == 401 && status(b, token) == 401);
    assertThat(applied(a, "feed")).isEqualTo(feedA + 1);
    assertThat(applied(b, "feed")).isEqualTo(feedB + 1);
  }

  @Test
  void redisDownThenRequestsServedByDirectIntrospectionAndRedisUsedAgainWhenBack() {
    redis.stop();
    String token = TestSessions.newToken();
    servers.introspectionAnswers(token, TestSession.alice().introspectionJson());

    // Served, and by auth-service: a Redis that is down is a miss, not an error (how fast is the
    // benchmark's figure).
    assertThat(status(a, token)).isEqualTo(200);
    authService.verify(
        1,
        postRequestedFor(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token)));

    redis.startAgain();
    String later = TestSessions.newToken();
    servers.introspectionAnswers(later, TestSession.alice().introspectionJson());
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              status(a, later);
              return !redisKeys("gatehouse:introspection:*").isEmpty();
            });
  }

  @Test
  void sessionExpiringInThreeSecondsThenRefusedAfterItExpiresDespiteSixtySecondL2Ttl() {
    String token = TestSessions.newToken();
    Instant expiry = Instant.now().plusSeconds(3);
    servers.introspectionAnswers(token, TestSession.alice().expiringAt(expiry).introspectionJson());
    assertThat(status(a, token)).isEqualTo(200);
    assertThat(status(b, token)).as("served from L2").isEqualTo(200);
    servers.introspectionAnswers(token, "{\"active\":false}");

    // Far below the L2 TTL of 60 s; that no level serves past exp at all is specified without a
    // server, with a test clock (CachingSessionIntrospectorTests).
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> status(a, token) == 401 && status(b, token) == 401);
    assertThat(Instant.now()).isAfterOrEqualTo(expiry.minusSeconds(1));
  }

  @Test
  void redisWhenScannedThenHoldsNoRawToken() {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String token = TestSessions.newToken();
      tokens.add(token);
      servers.introspectionAnswers(token, TestSession.alice().introspectionJson());
      assertThat(status(a, token)).isEqualTo(200);
    }
    String bogus = TestSessions.newToken();
    servers.introspectionAnswers(bogus, "{\"active\":false}");
    status(b, bogus);
    tokens.add(bogus);

    ReactiveStringRedisTemplate template = a.bean(ReactiveStringRedisTemplate.class);
    List<String> keys = redisKeys("*");
    assertThat(keys).isNotEmpty();
    StringBuilder everything = new StringBuilder();
    for (String key : keys) {
      everything.append(key).append('\n');
      String type = template.type(key).block().code();
      switch (type) {
        case "string" -> everything.append(template.opsForValue().get(key).block());
        case "set" -> template.opsForSet().members(key).doOnNext(everything::append).blockLast();
        case "hash" -> template.opsForHash().values(key).doOnNext(everything::append).blockLast();
        default -> everything.append(type);
      }
      everything.append('\n');
    }
    for (String token : tokens) {
      assertThat(everything.toString()).doesNotContain(token);
    }
  }

  @Test
  void tokenMintedByOneInstanceVerifiesWithJwksOfTheOtherAlsoAfterRotation() throws Exception {
    String token = TestSessions.newToken();
    servers.introspectionAnswers(token, TestSession.alice().introspectionJson());
    String beforeRotation = jwtReceivedByBackendFrom(a, token);

    TestKeyRotation.rotateNow(a);
    String second = TestSessions.newToken();
    servers.introspectionAnswers(second, TestSession.alice().introspectionJson());
    String afterRotation = jwtReceivedByBackendFrom(a, second);

    // Keys are re-published every heartbeat, so also after an earlier test emptied Redis.
    URI jwksUri = URI.create(b.baseUrl() + "/.well-known/jwks.json");
    String[] kids = {kid(beforeRotation), kid(afterRotation)};
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              JWKSet published = JWKSet.load(jwksUri.toURL());
              return published.getKeyByKeyId(kids[0]) != null
                  && published.getKeyByKeyId(kids[1]) != null;
            });
    JWKSet jwksOfB = JWKSet.load(jwksUri.toURL());
    for (String jwt : List.of(beforeRotation, afterRotation)) {
      SignedJWT parsed = SignedJWT.parse(jwt);
      ECKey key = (ECKey) jwksOfB.getKeyByKeyId(parsed.getHeader().getKeyID());
      assertThat(key).as("B publishes A's key %s", parsed.getHeader().getKeyID()).isNotNull();
      assertThat(parsed.verify(new ECDSAVerifier(key))).isTrue();
    }
    assertThat(SignedJWT.parse(beforeRotation).getHeader().getKeyID())
        .isNotEqualTo(SignedJWT.parse(afterRotation).getHeader().getKeyID());
  }

  @Test
  void webSocketThroughGatewayThenClosedWhenItsSessionIsRevoked() {
    String token = TestSessions.newToken();
    TestSession alice = TestSession.alice();
    servers.introspectionAnswers(token, alice.introspectionJson());
    Sinks.One<Instant> closedAt = Sinks.one();
    List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpHeaders headers = new HttpHeaders();
    headers.add(HttpHeaders.COOKIE, "GATEHOUSE_SESSION=" + token);

    var connection =
        new ReactorNettyWebSocketClient()
            .execute(
                URI.create("ws://localhost:" + a.port() + "/ws/echo"),
                headers,
                session ->
                    session
                        .send(
                            Flux.interval(Duration.ofMillis(100))
                                .map(i -> session.textMessage("ping" + i)))
                        .and(
                            session
                                .receive()
                                .map(WebSocketMessage::getPayloadAsText)
                                .doOnNext(received::add))
                        .then())
            .doFinally(signal -> closedAt.tryEmitValue(Instant.now()))
            .subscribe();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
      assertThat(received.get(0)).startsWith("echo:ping");

      servers.introspectionAnswers(token, "{\"active\":false}");
      Instant revoked = Instant.now();
      publishOnFeed(alice);
      publishOnChannel(alice);

      Instant closed = closedAt.asMono().block(Duration.ofSeconds(10));
      assertThat(closed).as("closed after the revocation").isAfterOrEqualTo(revoked);
    } finally {
      connection.dispose();
    }
  }

  @Test
  void prometheusWhenScrapedThenShowsCacheAndRevocationMetrics() {
    String token = TestSessions.newToken();
    servers.introspectionAnswers(token, TestSession.alice().introspectionJson());
    status(a, token);
    status(a, token);

    String metrics =
        WebClient.create("http://127.0.0.1:" + a.managementPort())
            .get()
            .uri("/actuator/prometheus")
            .retrieve()
            .bodyToMono(String.class)
            .block();

    assertThat(metrics)
        .contains("gatehouse_introspection_cache_total{level=\"l1\",result=\"hit\"")
        .contains("gatehouse_introspection_cache_total{level=\"l2\"")
        .contains("gatehouse_introspection_calls_seconds_count")
        .contains("gatehouse_tokens_total{outcome=\"minted\"")
        .contains("gatehouse_tokens_total{outcome=\"reused\"")
        .contains("gatehouse_connections_long_lived");
  }

  /** {@code gatehouse_revocations_applied_total{source}} on {@code instance}. */
  private static double applied(GatewayInstance instance, String source) {
    Counter counter =
        instance
            .bean(MeterRegistry.class)
            .find("gatehouse.revocations.applied")
            .tag("source", source)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static boolean sameIdentity(String echoed, TestSession session) {
    String[] parts = echoed.split(" ");
    try {
      SignedJWT jwt = SignedJWT.parse(parts[2]);
      return parts[0].equals(session.userId())
          && jwt.getJWTClaimsSet().getSubject().equals(session.userId())
          && session.sid().equals(jwt.getJWTClaimsSet().getStringClaim("sid"));
    } catch (Exception ex) {
      return false;
    }
  }

  private static String kid(String jwt) throws java.text.ParseException {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  private static String jwtReceivedByBackendFrom(GatewayInstance instance, String token) {
    String echoed =
        instance
            .client()
            .get()
            .uri("/api/me")
            .cookie("GATEHOUSE_SESSION", token)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    return echoed.split(" ")[2];
  }

  private static int status(GatewayInstance instance, String token) {
    return instance
        .client()
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .returnResult(String.class)
        .getStatus()
        .value();
  }

  private static List<String> redisKeys(String pattern) {
    return a.bean(ReactiveStringRedisTemplate.class)
        .scan(org.springframework.data.redis.core.ScanOptions.scanOptions().match(pattern).build())
        .collectList()
        .block(Duration.ofSeconds(5));
  }

  /** Announces a revocation on the Redis channel, as auth-service does after its commit. */
  /** Publishes the revocation as auth-service does; returns how many subscribers received it. */
  private static long publishOnChannel(TestSession session) {
    return a.bean(ReactiveStringRedisTemplate.class)
        .convertAndSend(
            "gatehouse:revocations",
            "{\"sid\":\"%s\",\"userId\":\"%s\",\"seq\":%d}"
                .formatted(session.sid(), session.userId(), feedSeq.get() + 1000))
        .blockOptional()
        .orElse(0L);
  }

  /** Makes the next revocation-log entry name {@code session}, as auth-service would. */
  private static void publishOnFeed(TestSession session) {
    long seq = feedSeq.incrementAndGet();
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .atPriority(5)
            .willReturn(
                okJson(
                    """
                    {"events":[{"seq":%d,"sid":"%s","userId":"%s","revokedAt":"%s","reason":"test"}],"next":%d}"""
                        .formatted(seq, session.sid(), session.userId(), Instant.now(), seq))));
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .withQueryParam("after", equalTo(Long.toString(seq)))
            .atPriority(1)
            .willReturn(okJson("{\"events\":[],\"next\":%d}".formatted(seq))));
  }

  private static void stubDefaults() {
    long seq = feedSeq.get();
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .atPriority(10)
            .willReturn(okJson("{\"events\":[],\"next\":%d}".formatted(seq))));
    backend.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(HttpStatus.OK.value())
                    .withBody(
                        "{{request.headers.X-Gatehouse-User}} {{request.headers.X-Gatehouse-Username}}"
                            + " {{regexExtract request.headers.Authorization '[^ ]+$'}}")));
  }

  /** A WebSocket route to the test's echo server, as an operator would add one. */
  @Configuration(proxyBeanMethods = false)
  static class WebSocketRoute {

    @Bean
    RouteLocator webSocketRoutes(
        RouteLocatorBuilder routes, org.springframework.core.env.Environment environment) {
      String uri = environment.getRequiredProperty("gatehouse.test.websocket-uri");
      return routes
          .routes()
          .route(
              "ws",
              route ->
                  route
                      .path("/ws/**")
                      .metadata(Map.of("gatehouse", Map.of("auth", "required", "audience", "ws")))
                      .uri(uri))
          .build();
    }
  }
}
