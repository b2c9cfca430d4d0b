package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.gatehouse.auth.AbstractIntegrationTests;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Item 11 of issue 9, auth-service half: {@code /actuator/prometheus} takes only the scrape's own
 * credential ({@code gatehouse.metrics.scrape-username}/{@code -password}), and that credential
 * opens nothing else. (Without a scrape password the endpoint refuses everyone: {@code
 * H2DefaultProfileIntegrationTests}.)
 */
class MetricsScrapeIntegrationTests extends AbstractIntegrationTests {

  @Test
  void prometheusWhenScrapeCredentialThenMetrics() {
    MvcTestResult result = scrape(basicRaw("prometheus", SCRAPE_PASSWORD));

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(body(result)).contains("jvm_memory_used_bytes");
  }

  static Stream<Arguments> refusedAtTheScrape() {
    return Stream.of(
        argumentSet("the introspection client credentials", clientCredentials()),
        argumentSet("the scrape password under the client id", basic(CLIENT_ID, SCRAPE_PASSWORD)),
        argumentSet(
            "the client secret under the scrape user", basicRaw("prometheus", CLIENT_SECRET)),
        argumentSet("a wrong scrape password", basicRaw("prometheus", SCRAPE_PASSWORD + "x")),
        argumentSet("another scrape user", basicRaw("grafana", SCRAPE_PASSWORD)),
        argumentSet("an empty password", basicRaw("prometheus", "")),
        argumentSet("no credentials", (Object) null));
  }

  @ParameterizedTest
  @MethodSource("refusedAtTheScrape")
  void prometheusWhenNotTheScrapeCredentialThenUnauthorizedWithoutMetrics(
      @Nullable String authorization) {
    MvcTestResult result = scrape(authorization);

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result)
        .headers()
        .hasValue(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"gatehouse-metrics\"");
    assertThat(body(result)).doesNotContain("jvm_");
  }

  @Test
  void internalEndpointsWhenScrapeCredentialThenUnauthorized() {
    String scrape = basicRaw("prometheus", SCRAPE_PASSWORD);
    LoggedIn session = login(createUser("user"));

    assertThat(
            mvc.post()
                .uri("/oauth2/introspect")
                .header(HttpHeaders.AUTHORIZATION, scrape)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content(form(Map.of("token", session.token()))))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.get().uri("/internal/revocations").header(HttpHeaders.AUTHORIZATION, scrape))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.get().uri("/internal/forward-auth").header(HttpHeaders.AUTHORIZATION, scrape))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(introspect(session.token())).hasStatus(HttpStatus.OK);
  }

  private MvcTestResult scrape(@Nullable String authorization) {
    var request = mvc.get().uri("/actuator/prometheus");
    if (authorization != null) {
      request.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    return request.exchange();
  }
}
