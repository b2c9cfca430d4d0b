package dev.gatehouse.gateway.system;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.gateway.GatewayInstance;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.testsupport.grafana.GrafanaDashboard;
import dev.gatehouse.testsupport.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/grafana/gatehouse.json}, gateway half: every metric its gateway panels query is in a
 * real gateway's Prometheus scrape (Redis on, after a denial, an introspection miss and hit and a
 * revocation from the feed), so no panel silently shows "No data" because of a wrong name. The
 * auth-service half is auth-service's {@code DashboardMetricsIntegrationTests}.
 */
class DashboardMetricsIntegrationTests {

  static final TestUpstreams upstreams = new TestUpstreams();
  static final HttpClient http = HttpClient.newHttpClient();
  static TestRedis redis;
  static GatewayInstance gateway;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
    upstreams.reset();
    Map<String, Object> properties = new HashMap<>();
    properties.put("gatehouse.introspection.client-secret", "dashboard-test-secret");
    properties.put("gatehouse.upstream.auth-service", upstreams.authService.baseUrl());
    properties.put("gatehouse.upstream.demo-backend", upstreams.backend.baseUrl());
    properties.put("gatehouse.redis.enabled", true);
    properties.put("spring.data.redis.host", redis.host());
    properties.put("spring.data.redis.port", redis.port());
    properties.put("gatehouse.cache.l2-key-secret", "a-shared-secret-of-enough-length");
    properties.put("gatehouse.cache.l2-timeout", "1s");
    gateway = GatewayInstance.start(properties);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    upstreams.stop();
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void dashboardWhenParsedThenEverySelectorNamesTheGatewayOrAuthServiceJob() {
    List<String> queries = GrafanaDashboard.shipped().queries();

    assertThat(queries).hasSizeGreaterThan(10);
    Matcher selectors = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*\\{([^}]*)\\}").matcher("");
    for (String query : queries) {
      selectors.reset(query);
      while (selectors.find()) {
        assertThat(selectors.group(1))
            .as(query)
            .containsAnyOf("job=~\"$gateway\"", "job=~\"$auth\"");
      }
    }
  }

  @Test
  void gatewayPanelsWhenScrapedThenEveryQueriedMetricIsExposed() throws Exception {
    TestSession alice = TestSession.alice();
    String token = TestSessions.newToken();
    upstreams.authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(alice.introspectionJson())));
    gateway.client().get().uri("/api/me").exchange().expectStatus().isUnauthorized();
    for (int i = 0; i < 2; i++) {
      gateway
          .client()
          .get()
          .uri("/api/me")
          .cookie("GATEHOUSE_SESSION", token)
          .exchange()
          .expectStatus()
          .isOk();
    }
    revokeOnTheFeed(alice);

    Set<String> queried = GrafanaDashboard.shipped().metricsOf("gateway");

    assertThat(queried)
        .contains(
            "gatehouse_introspection_cache_total",
            "gatehouse_introspection_calls_seconds_count",
            "gatehouse_revocation_propagation_seconds_max",
            "gatehouse_requests_denied_total",
            "gatehouse_redis_integrity_failures_total");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(exposed()).containsAll(queried));
  }

  /** The next poll of the revocation feed names alice's session, as auth-service would. */
  private static void revokeOnTheFeed(TestSession session) {
    upstreams.authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .atPriority(5)
            .willReturn(
                okJson(
                    """
                    {"events":[{"seq":1,"sid":"%s","userId":"%s","revokedAt":"%s","reason":"logout"}],"next":1}"""
                        .formatted(session.sid(), session.userId(), Instant.now()))));
    upstreams.authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .withQueryParam("after", equalTo("1"))
            .atPriority(1)
            .willReturn(okJson("{\"events\":[],\"next\":1}")));
  }

  /** The metric names (with their {@code _total}, {@code _count}, ... suffix) in the scrape. */
  private static Set<String> exposed() throws Exception {
    HttpResponse<String> scrape =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + gateway.managementPort() + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    return Arrays.stream(scrape.body().split("\n"))
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toSet());
  }
}
