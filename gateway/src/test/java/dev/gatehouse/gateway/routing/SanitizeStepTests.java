package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.session.IntrospectionProperties;
import dev.gatehouse.gateway.session.SessionProperties;
import dev.gatehouse.protocol.ClientAddressProof;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

/** What the upstream sees after the first step, per kind of route; the original stays intact. */
class SanitizeStepTests {

  static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.7", 40000);

  final ClientAddressProof proof =
      new ClientAddressProof("a shared secret", Clock.systemUTC(), Duration.ofSeconds(60));
  final SanitizeStep sanitize =
      new SanitizeStep(
          new SpoofableHeaders(
              new HeaderProperties(List.of(), null),
              new SessionProperties("GATEHOUSE_SESSION", 4096, null)),
          new AuthServiceUpstream(
              new IntrospectionProperties(
                  URI.create("http://auth.internal:9000/oauth2/introspect"),
                  "gateway",
                  "secret",
                  Duration.ofSeconds(2),
                  Duration.ofSeconds(5))),
          new ClientAddresses(new HeaderProperties(List.of(), null)),
          proof);

  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.argumentSet("route to a backend", "http://backend.internal:8081", false),
        Arguments.argumentSet("route to auth-service", "http://auth.internal:9000", true));
  }

  @ParameterizedTest
  @MethodSource("routes")
  void applyWhenClientSendsIdentityThenStrippedAndProofOnlyToAuthService(
      String upstream, boolean proved) {
    String token = TestSessions.newToken();
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.get("http://gateway.example/api/me")
                .remoteAddress(CLIENT)
                .header(HttpHeaders.AUTHORIZATION, "Bearer forged")
                .header("X-Gatehouse-User", "admin")
                .header(ClientAddressProof.HEADER, "203.0.113.9;0;forged")
                .cookie(
                    new HttpCookie("GATEHOUSE_SESSION", token), new HttpCookie("theme", "dark")));

    ServerWebExchange stripped = sanitize.apply(exchange, route(upstream));

    HttpHeaders sent = stripped.getRequest().getHeaders();
    assertThat(sent.containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
    assertThat(sent.containsHeader("X-Gatehouse-User")).isFalse();
    assertThat(sent.getFirst(HttpHeaders.COOKIE)).isEqualTo("theme=dark");
    if (proved) {
      assertThat(proof.verify(sent.getFirst(ClientAddressProof.HEADER))).contains("198.51.100.7");
    } else {
      assertThat(sent.containsHeader(ClientAddressProof.HEADER)).isFalse();
    }
    assertThat(exchange.getRequest().getHeaders().getFirst("X-Gatehouse-User"))
        .as("the original request, which the credential and cross-site checks read")
        .isEqualTo("admin");
  }

  private static Route route(String uri) {
    return Route.async().id("r").uri(URI.create(uri)).predicate(exchange -> true).build();
  }
}
