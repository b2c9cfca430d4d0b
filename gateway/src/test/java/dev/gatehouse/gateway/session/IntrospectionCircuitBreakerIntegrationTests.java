package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.GatewayInstance;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.testsupport.time.TestClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The introspection circuit breaker in a whole gateway against a real hung upstream: a TCP server
 * that accepts and reads each introspection request and never answers ({@link HangingAuthService}),
 * as a frozen auth-service does. After enough timeouts the breaker opens; from then on an uncached
 * session gets 503 with {@code Retry-After} without any call reaching the upstream, a cached one is
 * served from the stale-if-error window, and once auth-service answers again the half-open probe
 * closes the breaker by itself. Health and Prometheus show each state.
 */
class IntrospectionCircuitBreakerIntegrationTests {

  static final TestClock clock = new TestClock();
  static final TestUpstreams upstreams = new TestUpstreams();
  static HangingAuthService authService;
  static GatewayInstance gateway;
  static WebTestClient management;

  @BeforeAll
  static void start() throws Exception {
    authService = new HangingAuthService();
    gateway =
        GatewayInstance.start(
            Map.ofEntries(
                Map.entry("gatehouse.introspection.client-secret", "breaker-test-secret"),
                Map.entry("gatehouse.upstream.auth-service", upstreams.authService.baseUrl()),
                Map.entry("gatehouse.upstream.demo-backend", upstreams.backend.baseUrl()),
                Map.entry("gatehouse.introspection.uri", authService.introspectionUri()),
                // Long enough for an answering upstream on a loaded machine, short for a hung one.
                Map.entry("gatehouse.introspection.timeout", "1s"),
                Map.entry("gatehouse.introspection.circuit-breaker.minimum-number-of-calls", 3),
                Map.entry("gatehouse.introspection.circuit-breaker.wait-in-open-state", "30s"),
                Map.entry(
                    "gatehouse.introspection.circuit-breaker.permitted-calls-in-half-open-state",
                    1)),
            MovableClock.class);
    management =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + gateway.managementPort())
            .responseTimeout(Duration.ofSeconds(20))
            .build();
    // The first proxied request of a JVM loads much of the gateway: not within a probe's timeout.
    authService.answer(TestSession.alice().introspectionJson());
    request(TestSessions.newToken());
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    upstreams.stop();
    authService.close();
  }

  @BeforeEach
  void reset() {
    upstreams.reset();
    gateway.bean(IntrospectionCircuitBreaker.class).reset();
  }

  @Test
  void requestWhenAuthServiceHangsThenBreakerOpensAndUncachedSessionsGet503WithoutACall() {
    authService.hang();
    for (int i = 0; i < 3; i++) {
      assertThat(status(request(TestSessions.newToken())))
          .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }
    assertThat(breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
    int reached = authService.introspections();
    double refusedBefore = notPermittedCalls();

    for (int i = 0; i < 5; i++) {
      EntityExchangeResult<String> refused = request(TestSessions.newToken());
      assertThat(status(refused)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
      assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
          .as("seconds until the next probe")
          .isEqualTo("30");
      assertThat(refused.getResponseBody()).contains("auth_unavailable");
    }
    clock.advance(Duration.ofSeconds(12));
    assertThat(request(TestSessions.newToken()).getResponseHeaders().getFirst("Retry-After"))
        .isEqualTo("18");

    assertThat(authService.introspections()).as("no call while open").isEqualTo(reached);
    assertThat(healthOfBreaker()).isEqualTo("CIRCUIT_OPEN");
    assertThat(prometheus())
        .contains("resilience4j_circuitbreaker_state{name=\"introspection\",state=\"open\"} 1.0");
    assertThat(notPermittedCalls() - refusedBefore).isEqualTo(6.0);
  }

  @Test
  void requestWhenBreakerOpenAndSessionSeenBeforeThenServedFromStaleIfErrorWithoutACall() {
    String token = TestSessions.newToken();
    authService.answer(TestSession.alice().introspectionJson());
    assertThat(status(request(token))).isEqualTo(HttpStatus.OK);
    openTheBreaker();
    // Past the L1 TTL (5 s), well within stale-if-error (5 min) and the breaker's wait (30 s).
    clock.advance(Duration.ofSeconds(6));
    int reached = authService.introspections();

    assertThat(status(request(token))).isEqualTo(HttpStatus.OK);

    assertThat(authService.introspections()).isEqualTo(reached);
    assertThat(breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void requestWhenAuthServiceAnswersAgainAfterTheWaitThenHalfOpenProbeClosesTheBreaker() {
    openTheBreaker();
    authService.answer(TestSession.alice().introspectionJson());
    assertThat(status(request(TestSessions.newToken())))
        .as("still open: refused, not probed")
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

    clock.advance(Duration.ofSeconds(31));
    int reached = authService.introspections();
    assertThat(status(request(TestSessions.newToken()))).isEqualTo(HttpStatus.OK);

    assertThat(authService.introspections()).as("one probe").isEqualTo(reached + 1);
    assertThat(breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(healthOfBreaker()).isEqualTo("UP");
    assertThat(prometheus())
        .contains("resilience4j_circuitbreaker_state{name=\"introspection\",state=\"closed\"} 1.0");
    assertThat(status(request(TestSessions.newToken()))).isEqualTo(HttpStatus.OK);
  }

  @Test
  void requestWhenProbeHangsAgainThenBreakerReopensForAnotherWait() {
    openTheBreaker();
    clock.advance(Duration.ofSeconds(31));

    assertThat(status(request(TestSessions.newToken()))).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);

    assertThat(breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(request(TestSessions.newToken()).getResponseHeaders().getFirst("Retry-After"))
        .isEqualTo("30");
  }

  private void openTheBreaker() {
    authService.hang();
    while (breakerState() != CircuitBreaker.State.OPEN) {
      assertThat(status(request(TestSessions.newToken())))
          .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }
  }

  private static CircuitBreaker.State breakerState() {
    return gateway.bean(IntrospectionCircuitBreaker.class).state();
  }

  private static EntityExchangeResult<String> request(String token) {
    return gateway
        .client()
        .get()
        .uri("/api/me")
        .header(HttpHeaders.ACCEPT, "application/json")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectBody(String.class)
        .returnResult();
  }

  private static HttpStatus status(EntityExchangeResult<String> result) {
    return HttpStatus.valueOf(result.getStatus().value());
  }

  private static String healthOfBreaker() {
    String body =
        management
            .get()
            .uri("/actuator/health")
            .exchange()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    var matcher =
        java.util.regex.Pattern.compile(
                "\"introspectionCircuitBreaker\":\\{\"status\":\"([A-Z_]+)\"")
            .matcher(body);
    assertThat(matcher.find()).as(body).isTrue();
    return matcher.group(1);
  }

  private static double notPermittedCalls() {
    var matcher =
        java.util.regex.Pattern.compile(
                "resilience4j_circuitbreaker_not_permitted_calls_total\\{kind=\"not_permitted\","
                    + "name=\"introspection\"\\} ([0-9.]+)")
            .matcher(prometheus());
    assertThat(matcher.find()).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  private static String prometheus() {
    return management
        .get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  /** The gateway's clock: the tests move it past the L1 TTL and the breaker's wait. */
  @Configuration(proxyBeanMethods = false)
  static class MovableClock {

    @Bean
    @Primary
    Clock movableClock() {
      return clock;
    }
  }
}
