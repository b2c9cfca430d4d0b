package dev.gatehouse.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The per-client budget on introspection misses, end to end: a gateway behind a trusted proxy
 * (127.0.0.1, where the test's requests come from) tells clients apart by {@code X-Forwarded-For};
 * auth-service is WireMock because the point is counting the calls it receives.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "gatehouse.headers.trusted-proxies=127\\.0\\.0\\.1",
      "gatehouse.introspection.client-miss-burst=" + MissBudgetIntegrationTests.BURST,
      // slow enough that nothing is earned back while a test runs
      "gatehouse.introspection.client-miss-rate=0.001"
    })
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class MissBudgetIntegrationTests {

  static final int BURST = 10;

  static final TestUpstreams upstreams = new TestUpstreams();
  static final WireMockServer authService = upstreams.authService;

  @Autowired WebTestClient client;
  @Autowired MeterRegistry meters;

  @DynamicPropertySource
  static void upstreams(DynamicPropertyRegistry registry) {
    upstreams.register(registry);
  }

  @AfterAll
  static void stop() {
    upstreams.stop();
  }

  @BeforeEach
  void reset() {
    upstreams.reset();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect")).willReturn(okJson("{\"active\":false}")));
  }

  @Test
  void floodWhenUnknownTokensFromOneAddressThen429PastTheBurstAndOthersUnaffected() {
    String alice = TestSessions.newToken();
    introspectionAnswers(alice, TestSession.alice().introspectionJson());
    assertThat(status(get(alice, "198.51.100.2"))).as("alice, cached from now on").isEqualTo(200);
    double deniedBefore = deniedForMissBudget();

    List<EntityExchangeResult<String>> flood = new ArrayList<>();
    for (int i = 0; i < 3 * BURST; i++) {
      flood.add(get(TestSessions.newToken(), "203.0.113.66"));
    }

    assertThat(flood.subList(0, BURST)).allMatch(result -> status(result) == 401);
    assertThat(flood.subList(BURST, flood.size()))
        .allSatisfy(
            result -> {
              assertThat(status(result)).isEqualTo(429);
              assertThat(result.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                  .matches("[1-9][0-9]*");
              assertThat(result.getResponseBody()).contains("\"error\":\"too_many_requests\"");
            });
    assertThat(introspectionCalls()).as("alice once, then the burst").isEqualTo(1 + BURST);
    assertThat(deniedForMissBudget() - deniedBefore).isEqualTo(2.0 * BURST);

    // Cached sessions are never limited, not even from the exhausted address.
    assertThat(status(get(alice, "203.0.113.66"))).isEqualTo(200);
    assertThat(status(get(alice, "198.51.100.2"))).isEqualTo(200);
    // Another address still has its whole budget.
    assertThat(status(get(TestSessions.newToken(), "198.51.100.3"))).isEqualTo(401);
    // A forged token is refused before the budget is even asked.
    assertThat(status(get(TestSessions.forgedToken(), "203.0.113.66"))).isEqualTo(401);
    assertThat(introspectionCalls()).isEqualTo(1 + BURST + 1);
  }

  @Test
  void floodWhenTheSameUnknownTokenRepeatsThenOneMissAndNo429() {
    String token = TestSessions.newToken();

    for (int i = 0; i < 3 * BURST; i++) {
      assertThat(status(get(token, "203.0.113.77"))).isEqualTo(401);
    }

    assertThat(introspectionCalls()).as("the negative answer is cached").isEqualTo(1);
  }

  @Test
  void concurrentFirstRequestsForOneSessionThenOneIntrospectionCallAndNo429() throws Exception {
    String token = TestSessions.newToken();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(TestSession.alice().introspectionJson()).withFixedDelay(300)));

    var pool = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<Integer>> calls =
          IntStream.range(0, 4 * BURST)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(() -> status(get(token, "203.0.113.88")), pool))
              .toList();
      assertThat(calls.stream().map(CompletableFuture::join)).containsOnly(200);
    } finally {
      pool.shutdownNow();
    }
    authService.verify(1, postRequestedFor(urlEqualTo("/oauth2/introspect")));
  }

  private EntityExchangeResult<String> get(String token, String forwardedFor) {
    return client
        .get()
        .uri("/api/me")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .header("X-Forwarded-For", forwardedFor)
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  private static int status(EntityExchangeResult<String> result) {
    return result.getStatus().value();
  }

  private double deniedForMissBudget() {
    return meters.find("gatehouse.requests.denied").tag("reason", "miss-budget").counters().stream()
        .mapToDouble(counter -> counter.count())
        .sum();
  }

  private static long introspectionCalls() {
    return authService.findAll(postRequestedFor(urlEqualTo("/oauth2/introspect"))).size();
  }

  private void introspectionAnswers(String token, String json) {
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .atPriority(1)
            .willReturn(okJson(json)));
  }
}
