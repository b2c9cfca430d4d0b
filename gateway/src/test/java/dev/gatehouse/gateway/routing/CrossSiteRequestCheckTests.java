package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.token.TokenProperties;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class CrossSiteRequestCheckTests {

  final CrossSiteRequestCheck check =
      new CrossSiteRequestCheck(
          new CsrfProperties(List.of("https://partner.example")),
          new TokenProperties(
              "https://gateway.example",
              Duration.ofSeconds(60),
              0.1,
              4096,
              Duration.ofHours(24),
              Duration.ofMinutes(10)));

  static Stream<Arguments> requests() {
    return Stream.of(
        row("GET, foreign Origin", get(), "https://evil.example", null, false),
        row("POST, no header (curl)", post(), null, null, false),
        row("POST, same origin as issuer", post(), "https://gateway.example", null, false),
        row("POST, Host's own origin", post(), "http://localhost:8080", null, false),
        row("POST, allowed partner", post(), "https://partner.example", null, false),
        row("POST, foreign Origin", post(), "https://evil.example", null, true),
        row("POST, Origin null", post(), "null", null, true),
        row("POST, Origin null, same-origin fetch", post(), "null", "same-origin", false),
        row("POST, cross-site fetch", post(), null, "cross-site", true),
        row("POST, unparseable Origin", post(), "::not a url::", null, true),
        row("WebSocket, foreign Origin", upgrade(), "https://evil.example", null, true),
        row("WebSocket, cross-site fetch", upgrade(), null, "cross-site", true),
        row("WebSocket, Origin null", upgrade(), "null", null, true),
        row("WebSocket, same origin", upgrade(), "https://gateway.example", null, false),
        row("WebSocket, no Origin (a server)", upgrade(), null, null, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void refusesWhenCrossSiteThenTrue(
      String row, MockServerHttpRequest.BaseBuilder<?> request, boolean refused) {
    assertThat(check.refuses(request.build(), false)).as(row).isEqualTo(refused);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void refusesWhenAuthenticatedByExplicitBearerThenFalse(
      String row, MockServerHttpRequest.BaseBuilder<?> request, boolean refused) {
    assertThat(check.refuses(request.build(), true)).as(row).isFalse();
  }

  private static Arguments row(
      String name,
      MockServerHttpRequest.BaseBuilder<?> request,
      String origin,
      String fetchSite,
      boolean refused) {
    if (origin != null) {
      request.header("Origin", origin);
    }
    if (fetchSite != null) {
      request.header("Sec-Fetch-Site", fetchSite);
    }
    return Arguments.of(name, request, refused);
  }

  private static MockServerHttpRequest.BaseBuilder<?> get() {
    return MockServerHttpRequest.method(HttpMethod.GET, "http://localhost:8080/api/me")
        .header("Host", "localhost:8080");
  }

  private static MockServerHttpRequest.BaseBuilder<?> post() {
    return MockServerHttpRequest.method(HttpMethod.POST, "http://localhost:8080/api/notes")
        .header("Host", "localhost:8080");
  }

  private static MockServerHttpRequest.BaseBuilder<?> upgrade() {
    return get().header("Upgrade", "websocket").header("Connection", "Upgrade");
  }
}
