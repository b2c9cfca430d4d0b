package dev.gatehouse.gateway.system;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.filter.GatewayMetricsFilter;
import org.springframework.cloud.gateway.filter.headers.ForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.XForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedRequestHttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedResponseHttpHeadersFilter;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The warm path's shipped defaults (issue 14, {@code docs/performance.md}) with tracing off, as
 * {@code application.yml} ships it: no server or upstream-call observation and no RFC 7239 {@code
 * Forwarded} rebuilt per request and no SCG request timer, while what Gatehouse promises stays —
 * its own meters, the hop-by-hop filter and the {@code X-Forwarded-*} headers it writes. With
 * tracing on, the observations come back: {@link TraceAndAccessLogIntegrationTests} proves the
 * trace reaches the backend.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class HotPathDefaultsIntegrationTests {

  static final TestUpstreams upstreams = new TestUpstreams();

  @Autowired WebTestClient client;
  @Autowired ApplicationContext context;
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
  }

  @Test
  void contextWhenTracingOffThenNoObservedForwardedOrMetricsFiltersButHopByHopAndXForwardedStay() {
    assertThat(context.getBeansOfType(ObservedRequestHttpHeadersFilter.class)).isEmpty();
    assertThat(context.getBeansOfType(ObservedResponseHttpHeadersFilter.class)).isEmpty();
    assertThat(context.getBeansOfType(ForwardedHeadersFilter.class)).isEmpty();
    assertThat(context.getBeansOfType(GatewayMetricsFilter.class)).isEmpty();
    assertThat(context.getBeansOfType(RemoveHopByHopHeadersFilter.class)).hasSize(1);
    assertThat(context.getBeansOfType(XForwardedHeadersFilter.class))
        .as("trusting what Gatehouse wrote; without it SCG would remove every X-Forwarded-*")
        .hasSize(1);
  }

  @Test
  void requestWhenTracingOffThenGatehouseMetersButNoHttpServerOrClientObservation() {
    authenticatedRequest();

    assertThat(meters.find("gatehouse.introspection.calls").timers()).isNotEmpty();
    assertThat(meters.find("gatehouse.tokens").counters()).isNotEmpty();
    assertThat(meters.find("http.server.requests").meters()).isEmpty();
    assertThat(meters.find("http.client.requests").meters()).isEmpty();
    assertThat(meters.find("spring.cloud.gateway.requests").meters()).isEmpty();
  }

  @Test
  void requestWhenProxiedThenBackendGetsGatehouseXForwardedHeadersAndNoForwarded() {
    authenticatedRequest();

    LoggedRequest backend = upstreams.backendRequests().get(0);
    assertThat(backend.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(backend.getHeader("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(backend.getHeader("X-Forwarded-Host")).isNotBlank();
    assertThat(backend.containsHeader("Forwarded")).isFalse();
  }

  private void authenticatedRequest() {
    TestSession alice = TestSession.alice();
    String token = TestSessions.newToken();
    upstreams.authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(alice.introspectionJson())));
    client.get().uri("/api/me").cookie("GATEHOUSE_SESSION", token).exchange().expectStatus().isOk();
  }
}
