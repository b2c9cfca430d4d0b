package dev.gatehouse.gateway.system;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.ClassUtils;

/**
 * W3C trace context through the gateway, with WireMock recording what auth-service and the backend
 * receive: an incoming {@code traceparent} reaches the introspection call and the proxied request
 * with the same trace id (the gateway's own span as parent), no session token or minted JWT travels
 * in trace headers, baggage or span attributes, and the access log line carries the request's facts
 * as key-values.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // Off by default (application.yml); on, as an operator turns it on.
      "management.tracing.export.enabled=true",
      "management.tracing.sampling.probability=1.0",
      "management.opentelemetry.tracing.export.schedule-delay=50ms"
    })
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class TraceAndAccessLogIntegrationTests {

  static final TestUpstreams upstreams = new TestUpstreams();

  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CLIENT_SPAN = "00f067aa0ba902b7";
  static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01";

  @Autowired WebTestClient client;
  @Autowired RecordingSpanExporter spans;
  @Autowired ApplicationContext context;

  final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

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
    spans.finished.clear();
    accessLog.start();
    accessLogger().addAppender(accessLog);
  }

  @AfterEach
  void detach() {
    accessLogger().detachAppender(accessLog);
  }

  @Test
  void requestWhenTraceparentSentThenIntrospectionAndBackendContinueTheTrace() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());

    get(token).expectStatus().isOk();

    String toAuthService = introspection().getHeader("traceparent");
    String toBackend = backend().getHeader("traceparent");
    assertThat(List.of(toAuthService, toBackend))
        .allSatisfy(
            header -> {
              assertThat(header).as("W3C traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
              assertThat(traceId(header)).isEqualTo(TRACE_ID);
              assertThat(parentSpan(header))
                  .as("the gateway's own span is the parent, not the client's")
                  .isNotEqualTo(CLIENT_SPAN);
            });
  }

  @Test
  void requestWhenTracedThenNoTokenInTraceHeadersBaggageOrSpans() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());

    get(token).expectStatus().isOk();

    String jwt = backend().getHeader(HttpHeaders.AUTHORIZATION).substring("Bearer ".length());
    for (LoggedRequest request : List.of(introspection(), backend())) {
      for (String header : List.of("traceparent", "tracestate", "baggage", "b3")) {
        String value = request.containsHeader(header) ? request.getHeader(header) : "";
        assertThat(value).as(header).doesNotContain(token).doesNotContain(jwt);
      }
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> spans.finished.stream().anyMatch(span -> traced(span)));
    String everything =
        spans.finished.stream()
            .map(span -> span.getName() + " " + span.getAttributes().asMap())
            .collect(Collectors.joining("\n"));
    assertThat(everything).doesNotContain(token);
    assertThat(everything).doesNotContain(jwt).doesNotContain(jwt.substring(0, 30));
  }

  @Test
  void contextWhenNoOtlpEndpointConfiguredThenNothingExportsAnywhere() {
    assertThat(context.getBeansOfType(SpanExporter.class).values())
        .as("only this test's recording exporter: no OTLP span exporter without an endpoint")
        .allMatch(RecordingSpanExporter.class::isInstance);
    assertThat(context.getBeanNamesForType(LogRecordExporter.class)).isEmpty();
    assertThat(ClassUtils.isPresent("io.micrometer.registry.otlp.OtlpMeterRegistry", null))
        .as("metrics are scraped; the OTLP registry would push to localhost:4318 by default")
        .isFalse();
  }

  @Test
  void requestWhenAuthenticatedThenAccessLogCarriesItsFactsAsKeyValues() {
    TestSession alice = TestSession.alice();
    String token = TestSessions.newToken();
    introspectionAnswers(token, alice.introspectionJson());

    get(token).expectStatus().isOk();

    await().atMost(Duration.ofSeconds(20)).until(() -> !accessLog.list.isEmpty());
    ILoggingEvent line = accessLog.list.get(0);
    Map<String, Object> values = keyValues(line);
    assertThat(values)
        .containsEntry("client_address", "127.0.0.1")
        .containsEntry("method", "GET")
        .containsEntry("path", "/api/me")
        .containsEntry("route", "demo-backend")
        .containsEntry("status", "200")
        .containsEntry("sid", alice.sid())
        .containsEntry("user_id", alice.userId())
        .containsEntry("trace_id", TRACE_ID)
        .containsKey("latency_ms");
    assertThat(line.getFormattedMessage())
        .startsWith("GET /api/me 200 ")
        .contains("route=demo-backend", "sid=" + alice.sid(), "trace=" + TRACE_ID);
    String jwt = backend().getHeader(HttpHeaders.AUTHORIZATION).substring("Bearer ".length());
    assertThat(line.getFormattedMessage() + values).doesNotContain(token).doesNotContain(jwt);
  }

  @Test
  void requestWhenAnonymousThenAccessLogSaysSoWithoutInventingIds() {
    client.get().uri("/api/me").exchange().expectStatus().isUnauthorized();

    await().atMost(Duration.ofSeconds(20)).until(() -> !accessLog.list.isEmpty());
    assertThat(keyValues(accessLog.list.get(0)))
        .containsEntry("status", "401")
        .containsEntry("sid", "-")
        .containsEntry("user_id", "-")
        .containsEntry("client_address", "127.0.0.1");
  }

  private WebTestClient.ResponseSpec get(String token) {
    return client
        .get()
        .uri("/api/me")
        .header("traceparent", TRACEPARENT)
        .cookie("GATEHOUSE_SESSION", token)
        .exchange();
  }

  private static boolean traced(SpanData span) {
    return span.getTraceId().equals(TRACE_ID);
  }

  private static Map<String, Object> keyValues(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    return pairs == null
        ? Map.of()
        : pairs.stream()
            .collect(Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value)));
  }

  private static String traceId(String traceparent) {
    return traceparent.split("-")[1];
  }

  private static String parentSpan(String traceparent) {
    return traceparent.split("-")[2];
  }

  private static LoggedRequest introspection() {
    return upstreams.authServiceRequestsOtherThanTheFeed().stream()
        .filter(request -> request.getUrl().equals("/oauth2/introspect"))
        .findFirst()
        .orElseThrow();
  }

  private static LoggedRequest backend() {
    return upstreams.backendRequests().get(0);
  }

  private static void introspectionAnswers(String token, String json) {
    upstreams.authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(json)));
  }

  private static Logger accessLogger() {
    return (Logger) LoggerFactory.getLogger("gatehouse.access");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Spans {

    @Bean
    RecordingSpanExporter recordingSpanExporter() {
      return new RecordingSpanExporter();
    }
  }

  /** Keeps every finished span, as a tracing backend would receive it over OTLP. */
  static final class RecordingSpanExporter implements SpanExporter {

    final List<SpanData> finished = new CopyOnWriteArrayList<>();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      finished.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
