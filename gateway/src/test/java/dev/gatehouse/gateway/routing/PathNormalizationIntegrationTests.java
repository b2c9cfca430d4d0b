package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.RawHttp;
import dev.gatehouse.gateway.TestUpstreams;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway decides on the path the upstream will see: every ambiguous spelling is refused with
 * 400 before route matching, sent as raw bytes (an HTTP client would normalise most of them), and
 * neither auth-service nor the backend receives anything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PathNormalizationIntegrationTests {

  static final TestUpstreams upstreams = new TestUpstreams();

  @LocalServerPort int port;

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

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/login/assets/../../internal/revocations",
        "/login/assets/../../oauth2/introspect",
        "/login/assets/..",
        "/login/./assets/login.css",
        "/login/assets/%2e%2e/%2e%2e/internal/revocations",
        "/login/assets/%2E%2E/%2E%2E/internal/revocations",
        "/login/assets/.%2e/.%2e/internal/revocations",
        "/login/assets/%2e./%2e./internal/revocations",
        "/login/assets/..%2f..%2finternal/revocations",
        "/login/assets/..%2F..%2Finternal/revocations",
        "/login/assets%2f..%2f..%2finternal/revocations",
        "/login/assets/..%5c..%5cinternal/revocations",
        "/login/assets/..%5C..%5Cinternal/revocations",
        "/login/assets/..\\..\\internal/revocations",
        "/login/assets/..;/..;/internal/revocations",
        "/login/assets/;/../../internal/revocations",
        "/login;x=1",
        "/login/assets/login.css;.js",
        "/login/assets/%3b/x",
        "/login/assets/%252e%252e/%252e%252e/internal/revocations",
        "/login/assets/%252f",
        "/login/assets/%255c",
        "//internal/revocations",
        "///internal/revocations",
        "/login/assets//../../internal/revocations",
        "/login//assets/login.css",
        "/api/../internal/revocations",
        "/api/%2e%2e/admin/sessions",
        "/api/me/..",
        "/api/me/.",
        "/api/me%00",
        "/api/me%0d%0aX-Injected:%201",
        "/api/%zz",
        "/api/me%",
        "/api/%u002e%u002e/admin",
        "/%2e%2e/admin",
        "/./admin/sessions",
        "/admin/..%2fapi/me"
      })
  void requestWhenPathIsAmbiguousThenRefusedAndNoUpstreamCalled(String path) throws IOException {
    RawHttp.Answer answer = RawHttp.send(port, "GET", path, "");

    assertThat(answer.status()).as(path).isEqualTo(400);
    assertThat(upstreams.backendRequests()).as("backend calls for %s", path).isEmpty();
    assertThat(authServiceCallsOtherThanTheFeed()).as("auth-service calls for %s", path).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/login/assets/../x", "/api/%2e%2e/x", "//x"})
  void requestWhenRefusedThenProblemJsonWithStableError(String path) throws IOException {
    RawHttp.Answer answer = RawHttp.send(port, "POST", path, "Content-Length: 0\r\n");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void requestWhenPathIsPlainThenRelayed() throws IOException {
    RawHttp.Answer answer = RawHttp.send(port, "GET", "/login/assets/login.css?v=1&x=../y", "");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(authServiceCallsOtherThanTheFeed()).containsExactly("/login/assets/login.css");
  }

  private static List<String> authServiceCallsOtherThanTheFeed() {
    return upstreams.authServiceRequestsOtherThanTheFeed().stream()
        .map(request -> request.getUrl())
        .map(url -> url.contains("?") ? url.substring(0, url.indexOf('?')) : url)
        .toList();
  }
}
