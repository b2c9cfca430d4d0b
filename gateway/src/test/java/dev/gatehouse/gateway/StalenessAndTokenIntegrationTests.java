package dev.gatehouse.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.TestSessions.TestSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One gateway without Redis (L1 only, 1 s TTL) against WireMock: the stale-if-error window, the
 * session's own expiry as a hard limit, minted-token reuse, per-route claim selection and the token
 * header budget.
 */
class StalenessAndTokenIntegrationTests {

  static WireMockServer authService;
  static WireMockServer backend;
  static GatewayInstance gateway;

  @BeforeAll
  static void start() {
    authService = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    authService.start();
    backend = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    backend.start();
    stubDefaults();
    gateway =
        GatewayInstance.start(
            Map.of(
                "gatehouse.upstream.auth-service", authService.baseUrl(),
                "gatehouse.upstream.demo-backend", backend.baseUrl(),
                "gatehouse.introspection.client-secret", "secret",
                // No test here needs a fast timeout (outages are stubbed as 503s); a short one made
                // the class's first, cold request a latency assertion on a loaded machine.
                "gatehouse.introspection.timeout", "5s",
                "gatehouse.cache.l1-ttl", "1s",
                "gatehouse.cache.stale-if-error", "1m",
                // The outage test's 503s would open the breaker for the tests after it; the breaker
                // has its own tests (IntrospectionCircuitBreakerIntegrationTests).
                "gatehouse.introspection.circuit-breaker.enabled", "false",
                "gatehouse.token.max-header-bytes", "2048",
                "gatehouse.headers.trusted-proxies", "127\\.0\\.0\\.1"),
            ClaimRoutes.class);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    authService.stop();
    backend.stop();
  }

  @BeforeEach
  void reset() {
    authService.resetAll();
    backend.resetAll();
    stubDefaults();
  }

  @Test
  void authServiceDownThenCachedSessionServedWithinGraceWindowAndUncachedOneGets503() {
    String known = TestSessions.newToken();
    introspectionAnswers(known, TestSession.alice().introspectionJson());
    assertThat(status(known, "/api/me")).isEqualTo(200);
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(503)));
    // Once its L1 entry (1 s) has lapsed, the next request finds auth-service down and is served
    // from the stale-if-error window (1 min): awaited, not slept.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(status(known, "/api/me"))
                  .as("seen active moments ago, within the window")
                  .isEqualTo(200);
              assertThat(prometheus()).contains("gatehouse_introspection_stale_total 1.0");
            });
    assertThat(status(TestSessions.newToken(), "/api/me")).as("never seen").isEqualTo(503);
    assertThat(prometheus()).contains("gatehouse_introspection_stale_total 1.0");
  }

  @Test
  void sessionPastItsExpiryThenRefusedEvenIfAuthServiceStillCallsItActive() {
    String token = TestSessions.newToken();
    introspectionAnswers(
        token, TestSession.alice().expiringAt(Instant.now().plusSeconds(2)).introspectionJson());
    assertThat(status(token, "/api/me")).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(4))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> status(token, "/api/me") == 401);
  }

  @Test
  void repeatedRequestsThenMintedTokenReusedPerAudience() throws Exception {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());

    status(token, "/api/me");
    status(token, "/api/notes");
    status(token, "/limited/me");

    var received =
        backend.getAllServeEvents().stream()
            .map(event -> event.getRequest().getHeader(HttpHeaders.AUTHORIZATION))
            .collect(Collectors.toSet());
    assertThat(received).as("one token for demo-backend, one for the limited route").hasSize(2);
  }

  @Test
  void routeWithClaimSelectionThenTokenCarriesOnlyThoseOptionalClaims() throws Exception {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());

    assertThat(status(token, "/limited/me")).isEqualTo(200);

    String jwt =
        backend
            .getAllServeEvents()
            .get(0)
            .getRequest()
            .getHeader(HttpHeaders.AUTHORIZATION)
            .substring("Bearer ".length());
    JWTClaimsSet claims = SignedJWT.parse(jwt).getJWTClaimsSet();
    assertThat(claims.getAudience()).containsExactly("limited");
    assertThat(claims.getStringClaim("sid")).isNotBlank();
    assertThat(claims.getClaims()).doesNotContainKeys("roles", "preferred_username", "auth_time");
    assertThat(claims.getSubject()).isNotBlank();
  }

  @Test
  void tokenOverHeaderBudgetThen500AndUpstreamNotCalled() {
    String token = TestSessions.newToken();
    String manyRoles =
        IntStream.range(0, 200)
            .mapToObj(i -> "\"role-" + UUID.randomUUID() + "\"")
            .collect(Collectors.joining(",", "[", "]"));
    TestSession crowded = TestSession.alice();
    introspectionAnswers(
        token,
        new TestSession(crowded.userId(), "crowded", crowded.sid(), manyRoles, crowded.exp())
            .introspectionJson());

    gateway
        .client()
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isEqualTo(500)
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("token_too_large");
    assertThat(backend.getAllServeEvents()).isEmpty();
    assertThat(prometheus()).contains("gatehouse_tokens_too_large_total");
  }

  @Test
  void requestFromTrustedProxyThenForwardedHeadersKeptButIdentityHeadersStillStripped() {
    String token = TestSessions.newToken();
    TestSession alice = TestSession.alice();
    introspectionAnswers(token, alice.introspectionJson());

    gateway
        .client()
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .header("X-Forwarded-For", "203.0.113.7")
        .header("X-Forwarded-Proto", "https")
        .header("X-Gatehouse-User", "someone-else")
        .exchange()
        .expectStatus()
        .isOk();

    var upstream = backend.getAllServeEvents().get(0).getRequest();
    assertThat(upstream.getHeader("X-Forwarded-For")).startsWith("203.0.113.7");
    assertThat(upstream.getHeader("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(upstream.getHeader("X-Gatehouse-User")).isEqualTo(alice.userId());
  }

  @Test
  void healthThenReportsWhetherAuthServiceAnswers() {
    WebClient management = WebClient.create("http://127.0.0.1:" + gateway.managementPort());
    authService.stubFor(
        any(urlPathEqualTo("/actuator/health")).willReturn(okJson("{\"status\":\"UP\"}")));
    assertThat(management.get().uri("/actuator/health").retrieve().bodyToMono(String.class).block())
        .contains("\"authService\":{\"status\":\"UP\"");

    authService.stubFor(
        any(urlPathEqualTo("/actuator/health")).willReturn(aResponse().withStatus(503)));
    String down =
        management
            .get()
            .uri("/actuator/health")
            .exchangeToMono(response -> response.bodyToMono(String.class))
            .block();
    assertThat(down).contains("\"authService\":{\"status\":\"DOWN\"");
  }

  private static int status(String token, String path) {
    return gateway
        .client()
        .get()
        .uri(path)
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .returnResult(String.class)
        .getStatus()
        .value();
  }

  private static String prometheus() {
    return WebClient.create("http://127.0.0.1:" + gateway.managementPort())
        .get()
        .uri("/actuator/prometheus")
        .retrieve()
        .bodyToMono(String.class)
        .block();
  }

  private static void introspectionAnswers(String token, String json) {
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(json)));
  }

  private static void stubDefaults() {
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .willReturn(okJson("{\"events\":[],\"next\":0}")));
    backend.stubFor(any(anyUrl()).willReturn(okJson("{}")));
  }

  /** A route whose tokens carry only {@code sid} among the optional claims. */
  @Configuration(proxyBeanMethods = false)
  static class ClaimRoutes {

    @Bean
    RouteLocator limitedRoute(RouteLocatorBuilder routes, Environment environment) {
      String backendUri = environment.getRequiredProperty("gatehouse.upstream.demo-backend");
      return routes
          .routes()
          .route(
              "limited",
              route ->
                  route
                      .path("/limited/**")
                      .metadata(
                          Map.of(
                              "gatehouse",
                              Map.of("auth", "required", "audience", "limited", "claims", "sid")))
                      .uri(backendUri))
          .build();
    }
  }
}
