package dev.gatehouse.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

class SafeRedirectTests {

  static Stream<Arguments> accepted() {
    return Stream.of(
        argumentSet("root", "/"),
        argumentSet("simple path", "/x"),
        argumentSet("nested path", "/api/notes"),
        argumentSet("query and fragment", "/notes?page=2&sort=asc#top"),
        argumentSet("encoded space", "/a%20b"),
        argumentSet("plus sign", "/a+b"),
        argumentSet("colon inside the path", "/time/12:30"),
        argumentSet("non-ASCII path", "/café"));
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        argumentSet("protocol-relative", "//evil.example"),
        argumentSet("protocol-relative with path", "//evil.example/login"),
        argumentSet("backslash after slash", "/\\evil.example"),
        argumentSet("backslash inside", "/ok\\..\\evil"),
        argumentSet("absolute https", "https://evil.example"),
        argumentSet("absolute http", "http://evil.example/x"),
        argumentSet("javascript scheme", "javascript:alert(1)"),
        argumentSet("data scheme", "data:text/html,<script>alert(1)</script>"),
        argumentSet("no leading slash", "evil.example"),
        argumentSet("relative segment", "notes"),
        argumentSet("encoded CRLF", "/%0d%0aSet-Cookie:x=y"),
        argumentSet("raw CRLF", "/\r\nLocation: https://evil.example"),
        argumentSet("tab", "/\tx"),
        argumentSet("NUL", "/x\u0000"),
        argumentSet("space", "/a b"),
        argumentSet("encoded double slash", "/%2F%2Fevil.example"),
        argumentSet("encoded backslash", "/%5Cevil.example"),
        argumentSet("malformed percent", "/%zz"),
        argumentSet("line separator", "/x\u2028y"),
        argumentSet("too long", "/" + "a".repeat(SafeRedirect.MAX_LENGTH)));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void sanitizeWhenSameOriginPathThenKept(String next) {
    assertThat(SafeRedirect.sanitize(next)).isEqualTo(next);
  }

  @ParameterizedTest
  @MethodSource("refused")
  void sanitizeWhenUnsafeThenRoot(String next) {
    assertThat(SafeRedirect.sanitize(next)).isEqualTo("/");
  }

  @ParameterizedTest
  @NullAndEmptySource
  void sanitizeWhenMissingThenRoot(String next) {
    assertThat(SafeRedirect.sanitize(next)).isEqualTo("/");
  }
}
