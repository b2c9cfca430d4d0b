package dev.gatehouse.gateway.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Routes whose upstreams really fail — a closed port, a socket that accepts and never answers, one
 * that answers after the route's response timeout, one that resets the connection before its answer
 * or in the middle of its body — answered by the gateway with 502 or 504 (problem JSON for API
 * clients, the HTML error page for browser navigations), within a ceiling tied to the route's
 * timeout, with one WARN line and no stack trace in the log.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // The global response timeout; the hung route's metadata overrides it.
      "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1500ms",
      "gatehouse.upstream-failures.warn-interval=1h"
    })
@ActiveProfiles("test")
class UpstreamFailureIntegrationTests {

  static final Duration GLOBAL_TIMEOUT = Duration.ofMillis(1500);
  static final Duration HUNG_ROUTE_TIMEOUT = Duration.ofMillis(400);

  /** Generous: a loaded 2-core machine; what is bounded is the timeout, not the machine's speed. */
  static final Duration SLACK = Duration.ofSeconds(8);

  static final TestUpstreams upstreams = new TestUpstreams();
  static final int closedPort = FailingUpstream.closedPort();
  static final FailingUpstream hung = FailingUpstream.hung();
  static final FailingUpstream slow = FailingUpstream.slow(Duration.ofSeconds(30));
  static final FailingUpstream slowButAllowed = FailingUpstream.slow(Duration.ofMillis(300));
  static final FailingUpstream resetBeforeAnswer = FailingUpstream.resetBeforeAnswer();
  static final FailingUpstream resetMidBody = FailingUpstream.resetMidBody();
  static final FailingUpstream.Unaccepting unaccepting = new FailingUpstream.Unaccepting();
  static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;

  WebTestClient client;
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @DynamicPropertySource
  static void routes(DynamicPropertyRegistry registry) {
    upstreams.register(registry);
    route(registry, 0, "refused", "http://127.0.0.1:" + closedPort, "none", null);
    route(registry, 1, "hung", hung.uri(), "none", HUNG_ROUTE_TIMEOUT);
    route(registry, 2, "slow", slow.uri(), "none", null);
    route(registry, 3, "reset", resetBeforeAnswer.uri(), "none", null);
    route(registry, 4, "cut", resetMidBody.uri(), "none", null);
    route(registry, 5, "session-refused", "http://127.0.0.1:" + closedPort, "required", null);
    route(registry, 6, "slow-allowed", slowButAllowed.uri(), "none", Duration.ofSeconds(20));
    route(registry, 7, "html-refused", "http://127.0.0.1:" + closedPort, "none", null);
    route(registry, 8, "repeated", "http://127.0.0.1:" + closedPort, "none", null);
    route(registry, 9, "unaccepting", unaccepting.uri(), "none", null);
    registry.add(
        "spring.cloud.gateway.server.webflux.routes[9].metadata.connect-timeout",
        CONNECT_TIMEOUT::toMillis);
  }

  private static void route(
      DynamicPropertyRegistry registry,
      int index,
      String id,
      String uri,
      String auth,
      Duration responseTimeout) {
    String prefix = "spring.cloud.gateway.server.webflux.routes[" + index + "].";
    registry.add(prefix + "id", () -> id);
    registry.add(prefix + "uri", () -> uri);
    registry.add(prefix + "predicates[0]", () -> "Path=/" + id + "/**");
    registry.add(prefix + "metadata.gatehouse.auth", () -> auth);
    if (responseTimeout != null) {
      registry.add(prefix + "metadata.response-timeout", responseTimeout::toMillis);
    }
  }

  @AfterAll
  static void stop() throws IOException {
    upstreams.stop();
    for (FailingUpstream upstream :
        List.of(hung, slow, slowButAllowed, resetBeforeAnswer, resetMidBody)) {
      upstream.close();
    }
    unaccepting.close();
  }

  @BeforeEach
  void setUp() {
    upstreams.reset();
    client =
        WebTestClient.bindToServer()
            .baseUrl("http://localhost:" + port)
            .responseTimeout(Duration.ofSeconds(60))
            .build();
    logged.start();
    root().addAppender(logged);
  }

  @AfterEach
  void detach() {
    root().detachAppender(logged);
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("refused", 502, "bad_gateway", "refused", Duration.ZERO),
        Arguments.of("hung", 504, "gateway_timeout", "response-timeout", HUNG_ROUTE_TIMEOUT),
        Arguments.of("slow", 504, "gateway_timeout", "response-timeout", GLOBAL_TIMEOUT),
        Arguments.of("reset", 502, "bad_gateway", "reset", Duration.ZERO),
        Arguments.of("unaccepting", 504, "gateway_timeout", "connect-timeout", CONNECT_TIMEOUT));
  }

  @ParameterizedTest(name = "{0} upstream -> {1} {2}")
  @MethodSource("failures")
  void requestWhenUpstreamFailsThenProblemJsonWithinTimeoutAndOneWarnWithoutStackTrace(
      String route, int status, String error, String kind, Duration timeout) {
    long started = System.nanoTime();

    EntityExchangeResult<String> result = get("/" + route + "/x", MediaType.APPLICATION_JSON);

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(result.getStatus().value()).isEqualTo(status);
    assertThat(result.getResponseHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result.getResponseBody())
        .contains("\"status\":" + status)
        .contains("\"error\":\"" + error + "\"")
        .doesNotContain("Exception")
        .doesNotContain("127.0.0.1");
    assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(took).as("bounded by the route's timeout").isLessThan(timeout.plus(SLACK));
    assertThat(took)
        .as("the timeout, not something else, ended it")
        .isGreaterThanOrEqualTo(timeout);
    assertOneWarnWithoutStackTrace(route, kind);
    assertThat(failures(route, kind)).isEqualTo(1);
  }

  @Test
  void navigationWhenUpstreamRefusesThenHtmlErrorPage() {
    EntityExchangeResult<String> result = get("/html-refused/page", MediaType.TEXT_HTML);

    assertThat(result.getStatus().value()).isEqualTo(502);
    assertThat(result.getResponseHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML))
        .isTrue();
    assertThat(result.getResponseBody())
        .contains("502 Bad Gateway")
        .contains("<code>bad_gateway</code>")
        .doesNotContain("Exception");
  }

  @Test
  void requestWithSessionWhenUpstreamRefusesThen502NotLoggedOut() {
    String token = TestSessions.newToken();
    upstreams.authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(TestSession.alice().introspectionJson())));

    EntityExchangeResult<String> result =
        client
            .get()
            .uri("/session-refused/api")
            .cookie("GATEHOUSE_SESSION", token)
            .accept(MediaType.APPLICATION_JSON)
            .exchange()
            .expectBody(String.class)
            .returnResult();

    assertThat(result.getStatus().value()).isEqualTo(502);
    assertThat(result.getResponseHeaders().get(HttpHeaders.SET_COOKIE)).isNull();
    assertThat(result.getResponseHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).isNull();
  }

  @Test
  void requestWhenSlowUpstreamIsWithinItsRouteTimeoutThenAnswered() {
    EntityExchangeResult<String> result = get("/slow-allowed/x", MediaType.APPLICATION_JSON);

    assertThat(result.getStatus().value()).isEqualTo(200);
    assertThat(result.getResponseBody()).contains("late");
  }

  @Test
  void requestsWhenUpstreamKeepsFailingThenEveryOneCountedAndOneWarnPerInterval() {
    for (int i = 0; i < 5; i++) {
      assertThat(get("/repeated/x", MediaType.APPLICATION_JSON).getStatus().value()).isEqualTo(502);
    }

    assertOneWarnWithoutStackTrace("repeated", "refused");
    assertThat(failures("repeated", "refused")).isEqualTo(5);
  }

  @Test
  void responseWhenUpstreamResetsMidBodyThenClientSeesItCutOffNotCompleted() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /cut/x HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readUntil(in, "\r\n\r\n");
      assertThat(head).startsWith("HTTP/1.1 200 ");
      assertThat(readUntil(in, FailingUpstream.PARTIAL_BODY)).isNotEmpty();

      resetMidBody.resetNow();

      // The gateway closes the connection: no more bytes, and never the announced 1000.
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      try {
        in.transferTo(rest);
      } catch (SocketTimeoutException stillOpen) {
        throw new AssertionError("the gateway left the cut-off response's connection open");
      } catch (IOException reset) {
        // A reset instead of a close is as good: the client knows the body is incomplete.
      }
      assertThat(rest.size()).isLessThan(1000 - FailingUpstream.PARTIAL_BODY.length());
    }
    assertOneWarnWithoutStackTrace("cut", "reset");
  }

  private EntityExchangeResult<String> get(String path, MediaType accept) {
    return client.get().uri(path).accept(accept).exchange().expectBody(String.class).returnResult();
  }

  private void assertOneWarnWithoutStackTrace(String route, String kind) {
    List<ILoggingEvent> warnings =
        logged.list.stream()
            .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
            .toList();
    assertThat(warnings)
        .as("one WARN line about the route, nothing else at WARN or above")
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLoggerName()).isEqualTo(UpstreamFailureLog.class.getName());
              assertThat(event.getFormattedMessage())
                  .contains("route '" + route + "'")
                  .contains("kind=" + kind)
                  .doesNotContain("GATEHOUSE_SESSION");
              assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
            });
  }

  private double failures(String route, String kind) {
    return meters.counter("gatehouse.upstream.failures", "route", route, "kind", kind).count();
  }

  private static String readUntil(InputStream in, String end) throws IOException {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      read.write(b);
      if (read.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
        break;
      }
    }
    return read.toString(StandardCharsets.ISO_8859_1);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
