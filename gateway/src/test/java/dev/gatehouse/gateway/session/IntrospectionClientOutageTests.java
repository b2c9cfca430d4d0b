package dev.gatehouse.gateway.session;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Which introspection failures the circuit breaker counts: an auth-service that is down, hung or
 * failing (5xx, timeout, refused connection) is an outage; an answer it gave on purpose (4xx, an
 * inactive session) or a malformed one is not, since opening the breaker could not help. WireMock
 * stands in for the 5xx and malformed answers a healthy auth-service never gives.
 */
class IntrospectionClientOutageTests {

  static final WireMockServer authService = TestUpstreams.started();

  /** The first call of a JVM loads WebClient, Netty and Jackson: not within a test's timeout. */
  @BeforeAll
  static void warmUp() {
    authService.stubFor(post("/oauth2/introspect").willReturn(okJson("{\"active\":false}")));
    failureOrResult(client(authService.baseUrl(), Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    authService.stop();
  }

  @BeforeEach
  void reset() {
    authService.resetAll();
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of("500", aResponse().withStatus(500), true),
        Arguments.of("503", aResponse().withStatus(503), true),
        Arguments.of("502", aResponse().withStatus(502), true),
        Arguments.of("timeout", okJson("{\"active\":false}").withFixedDelay(3_000), true),
        Arguments.of("401 (client credentials rejected)", aResponse().withStatus(401), false),
        Arguments.of("400", aResponse().withStatus(400), false),
        Arguments.of("429", aResponse().withStatus(429), false),
        Arguments.of("200 with a body that is no JSON", okJson("<html>"), false),
        Arguments.of("200 active without sid", okJson("{\"active\":true,\"sub\":\"u\"}"), false));
  }

  @ParameterizedTest(name = "{0} → outage: {2}")
  @MethodSource("answers")
  void introspectWhenAuthServiceAnswersThenOutageOnlyForUnavailability(
      String what, ResponseDefinitionBuilder answer, boolean outage) {
    authService.stubFor(post("/oauth2/introspect").willReturn(answer));

    IntrospectionUnavailableException failure = failureOf(client(authService.baseUrl()));

    assertThat(failure.isOutage()).as(failure.getMessage()).isEqualTo(outage);
  }

  @Test
  void introspectWhenConnectionRefusedThenOutage() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertThat(failureOf(client("http://127.0.0.1:" + closedPort)).isOutage()).isTrue();
  }

  @Test
  void introspectWhenSessionInactiveThenNoFailure() {
    authService.stubFor(post("/oauth2/introspect").willReturn(okJson("{\"active\":false}")));

    assertThat(client(authService.baseUrl()).introspect(TestCredentials.cookie()).block())
        .isInstanceOf(Introspection.Inactive.class);
  }

  private static IntrospectionUnavailableException failureOf(IntrospectionClient client) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    client
        .introspect(TestCredentials.cookie())
        .doOnError(failure::set)
        .onErrorResume(ex -> Mono.empty())
        .block();
    assertThat(failure.get()).isInstanceOf(IntrospectionUnavailableException.class);
    return (IntrospectionUnavailableException) failure.get();
  }

  private static void failureOrResult(IntrospectionClient client) {
    client.introspect(TestCredentials.cookie()).onErrorResume(ex -> Mono.empty()).block();
  }

  private static IntrospectionClient client(String baseUrl) {
    return client(baseUrl, Duration.ofSeconds(1));
  }

  private static IntrospectionClient client(String baseUrl, Duration timeout) {
    IntrospectionProperties properties =
        new IntrospectionProperties(
            URI.create(baseUrl + "/oauth2/introspect"),
            "gateway",
            "secret",
            timeout,
            Duration.ofSeconds(5));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    IntrospectionCircuitBreaker off =
        new IntrospectionCircuitBreaker(
            new IntrospectionCircuitBreakerProperties(
                false, 50, 5, Duration.ofSeconds(10), Duration.ofSeconds(5), 2),
            new TestClock(),
            meters);
    return new IntrospectionClient(WebClient.builder(), properties, off, meters);
  }
}
