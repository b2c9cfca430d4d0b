package dev.gatehouse.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import tools.jackson.databind.json.JsonMapper;

/** Each {@link Denial}, for an API call and for a browser navigation: status, headers, body. */
class GatewayErrorsTests {

  final GatewayErrors errors = new GatewayErrors(JsonMapper.builder().build());

  static Stream<Arguments> denials() {
    return Stream.of(
        row(new Denial.Unauthenticated("no-credential"), 401, "unauthenticated", null),
        row(new Denial.MissingRole(), 403, "forbidden", null),
        row(new Denial.BindingUnverified(), 401, "binding_required", null),
        row(new Denial.BindingRequired(), 403, "binding_required", null),
        row(new Denial.StepUpRequired(), 401, "insufficient_user_authentication", null),
        row(new Denial.CrossSite(), 403, "cross_site_request", null),
        row(new Denial.CookieTooLarge(), 431, "cookie_too_large", null),
        row(new Denial.AuthUnavailable(Duration.ofSeconds(7)), 503, "auth_unavailable", "7"),
        row(new Denial.BadGateway(), 502, "bad_gateway", null),
        row(new Denial.GatewayTimeout(), 504, "gateway_timeout", null),
        row(new Denial.TooManyRequests(Duration.ofMillis(300)), 429, "too_many_requests", "1"),
        row(new Denial.TokenTooLarge(), 500, "token_too_large", null),
        row(new Denial.BadPath(), 400, "bad_path", null));
  }

  @ParameterizedTest
  @MethodSource("denials")
  void renderWhenApiRequestThenProblemJson(
      Denial denial, int status, String error, @Nullable String retryAfter) {
    MockServerHttpResponse response =
        render(MockServerHttpRequest.get("/api/notes").accept(MediaType.APPLICATION_JSON), denial);

    assertThat(response.getStatusCode().value()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(retryAfter);
    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
        .isEqualTo(
            denial instanceof Denial.StepUpRequired
                ? GatewayErrors.STEP_UP_CHALLENGE
                : status == 401 ? "Bearer realm=\"gatehouse\"" : null);
    assertThat(response.getBodyAsString().block())
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\""
                + denial.status().getReasonPhrase()
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + denial.detail()
                + "\",\"error\":\""
                + error
                + "\"}");
  }

  @ParameterizedTest
  @MethodSource("denials")
  void renderWhenHtmlNavigationThenPageOrLoginRedirect(
      Denial denial, int status, String error, @Nullable String retryAfter) {
    MockServerHttpResponse response =
        render(
            MockServerHttpRequest.get("/admin/sessions?page=2")
                .accept(MediaType.TEXT_HTML, MediaType.ALL),
            denial);

    assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
    if (status == 401) {
      assertThat(response.getStatusCode().value()).isEqualTo(302);
      // No session: the login page; a session without a second factor: step-up (RFC 9470).
      String page = denial instanceof Denial.StepUpRequired ? "/account/step-up" : "/login";
      assertThat(response.getHeaders().getLocation())
          .hasToString(page + "?next=%2Fadmin%2Fsessions%3Fpage%3D2");
      assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
      return;
    }
    assertThat(response.getStatusCode().value()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.parseMediaType("text/html;charset=UTF-8"));
    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(retryAfter);
    assertThat(response.getBodyAsString().block())
        .contains("<title>" + status + " " + denial.status().getReasonPhrase() + "</title>")
        .contains("<code>" + error + "</code>")
        .contains(denial.detail())
        .doesNotContain("<script")
        .doesNotContain("page=2");
  }

  @Test
  void denialsWhenListedThenEveryVariantHasARowInTheTable() {
    assertThat(denials().<Class<?>>map(row -> row.get()[0].getClass()).toList())
        .containsExactlyInAnyOrderElementsOf(Arrays.asList(Denial.class.getPermittedSubclasses()));
  }

  @Test
  void renderWhenStepUpRequiredThenRfc9470ChallengeNamingTheMfaClass() {
    MockServerHttpResponse response =
        render(
            MockServerHttpRequest.get("/admin/sessions").accept(MediaType.APPLICATION_JSON),
            new Denial.StepUpRequired());

    assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
        .startsWith("Bearer realm=\"gatehouse\", error=\"insufficient_user_authentication\"")
        .contains("error_description=\"")
        .endsWith("acr_values=\"urn:gatehouse:acr:mfa\"");
  }

  @Test
  void renderWhenPostAcceptingHtmlThenProblemJsonNotPage() {
    MockServerHttpResponse response =
        render(
            MockServerHttpRequest.post("/admin/sessions").accept(MediaType.TEXT_HTML),
            new Denial.MissingRole());

    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void renderWhenAcceptIsOnlyWildcardThenApiAnswer() {
    MockServerHttpResponse response =
        render(
            MockServerHttpRequest.get("/").accept(MediaType.ALL),
            new Denial.Unauthenticated("no-credential"));

    assertThat(response.getStatusCode().value()).isEqualTo(401);
  }

  @Test
  void renderWhenHeadNavigationThenTreatedAsNavigation() {
    MockServerHttpResponse response =
        render(
            MockServerHttpRequest.head("/admin").accept(MediaType.TEXT_HTML),
            new Denial.Unauthenticated("inactive-session"));

    assertThat(response.getStatusCode().value()).isEqualTo(302);
  }

  private MockServerHttpResponse render(
      MockServerHttpRequest.BaseBuilder<?> request, Denial denial) {
    MockServerWebExchange exchange = MockServerWebExchange.from(request);
    errors.render(exchange, denial).block();
    return exchange.getResponse();
  }

  private static Arguments row(
      Denial denial, int status, String error, @Nullable String retryAfter) {
    return Arguments.argumentSet(
        denial.getClass().getSimpleName(), denial, status, error, retryAfter);
  }
}
