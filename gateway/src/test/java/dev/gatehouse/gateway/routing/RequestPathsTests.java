package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathsTests {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = ' ',
      value = {
        "/login/assets/../../internal/revocations dot-segment",
        "/login/assets/.. dot-segment",
        "/login/./assets dot-segment",
        "/. dot-segment",
        "/login/assets/%2e%2e/%2e%2e/internal dot-segment",
        "/login/assets/%2E%2E/internal dot-segment",
        "/login/assets/.%2e/internal dot-segment",
        "/login/assets/%2e./internal dot-segment",
        "/login/%2e/assets dot-segment",
        "/login/assets/..%2f..%2finternal encoded-slash",
        "/login/assets/..%2F..%2Finternal encoded-slash",
        "/login/assets%2f..%2finternal encoded-slash",
        "/login/assets/..%5c..%5cinternal encoded-slash",
        "/login/assets/..%5C..%5Cinternal encoded-slash",
        "/login/assets/..\\..\\internal backslash",
        "/login\\assets backslash",
        "/login/assets/..;/..;/internal path-parameter",
        "/login;jsessionid=x path-parameter",
        "/login/assets;/x path-parameter",
        "/login/assets/%3b/x path-parameter",
        "/login/assets/%252e%252e/internal double-encoding",
        "/login/assets/%25%32%65 double-encoding",
        "/login/assets/%252f double-encoding",
        "//internal/revocations empty-segment",
        "/login//assets empty-segment",
        "/login/assets//../x empty-segment",
        "/login/assets/%00 encoded-control",
        "/login/assets/%0d%0aX-Injected:1 encoded-control",
        "/login/assets/%7f encoded-control",
        "/login/assets/%zz invalid-escape",
        "/login/assets/%2 invalid-escape",
        "/login/assets/% invalid-escape",
        "/login/assets/%u002e%u002e invalid-escape",
        "* not-absolute",
        "login not-absolute"
      })
  void violationWhenPathIsAmbiguousThenReason(String path, String reason) {
    assertThat(RequestPaths.violation(path)).isEqualTo(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/login",
        "/login/assets/login.css",
        "/admin/",
        "/api/notes/42",
        "/api/caf%C3%A9",
        "/api/a%20b",
        "/api/v1.2/x",
        "/api/...",
        "/api/.hidden",
        "/api/x..y",
        "/api/%2e%2e%2e",
        "/api/~user/!$&'()*+,=:@-._"
      })
  void violationWhenPathIsPlainThenNone(String path) {
    assertThat(RequestPaths.violation(path)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a\tb", "/a b", "/caf\u00e9", "/a\u0000"})
  void violationWhenRawControlOrNonAsciiThenRefused(String path) {
    assertThat(RequestPaths.violation(path)).isEqualTo("control-or-non-ascii");
  }
}
