package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.session.CredentialResolution.Found;
import dev.gatehouse.gateway.session.CredentialResolution.Malformed;
import dev.gatehouse.protocol.SessionTokenFormat;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class SessionCredentialResolverTests {

  static final SessionCredentialResolver RESOLVER =
      new SessionCredentialResolver(
          new SessionProperties("GATEHOUSE_SESSION", 4096, TestSessions.TOKEN_SECRET),
          new SessionTokenFormat(TestSessions.TOKEN_SECRET, new SecureRandom()));

  static Stream<Arguments> refused() {
    String valid = TestSessions.newToken();
    String otherSecret = new SessionTokenFormat("another secret", new SecureRandom()).generate();
    return Stream.of(
        Arguments.argumentSet(
            "random cookie without a valid check value",
            cookie(TestSessions.forgedToken()),
            "forged-token"),
        Arguments.argumentSet(
            "random bearer without a valid check value",
            bearer(TestSessions.forgedToken()),
            "forged-token"),
        Arguments.argumentSet(
            "token issued under another secret", cookie(otherSecret), "forged-token"),
        Arguments.argumentSet(
            "one character changed",
            cookie(
                valid.substring(0, 5) + (valid.charAt(5) == 'A' ? 'B' : 'A') + valid.substring(6)),
            "forged-token"),
        Arguments.argumentSet(
            "non-canonical last digit", cookie(valid.substring(0, 53) + "B"), "malformed-cookie"),
        Arguments.argumentSet(
            "the old 43-character format", cookie(valid.substring(0, 43)), "malformed-cookie"),
        Arguments.argumentSet(
            "bearer of the wrong length", bearer(valid.substring(1)), "malformed-bearer"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void resolveWhenNotACheckValidTokenThenMalformedWithItsReason(
      MockServerHttpRequest request, String reason) {
    assertThat(RESOLVER.resolve(request)).isEqualTo(new Malformed(reason));
  }

  @Test
  void resolveWhenCheckValidThenFound() {
    String token = TestSessions.newToken();

    assertThat(RESOLVER.resolve(cookie(token)))
        .isInstanceOfSatisfying(
            Found.class, found -> assertThat(found.credential().value()).isEqualTo(token));
    assertThat(RESOLVER.resolve(bearer(token)))
        .isInstanceOfSatisfying(
            Found.class,
            found ->
                assertThat(found.credential().source()).isEqualTo(SessionCredential.Source.BEARER));
  }

  static Stream<Arguments> boundCookies() {
    return Stream.of(
        Arguments.argumentSet("none", null, null),
        Arguments.argumentSet("one", "GATEHOUSE_BOUND=abc.DEF-123_~", "abc.DEF-123_~"),
        Arguments.argumentSet(
            "two: neither is taken", "GATEHOUSE_BOUND=a; GATEHOUSE_BOUND=b", null),
        Arguments.argumentSet("empty", "GATEHOUSE_BOUND=", null),
        Arguments.argumentSet("not cookie-safe", "GATEHOUSE_BOUND=a\"b", null),
        Arguments.argumentSet(
            "longer than any credential", "GATEHOUSE_BOUND=" + "a".repeat(513), null),
        Arguments.argumentSet(
            "the longest taken", "GATEHOUSE_BOUND=" + "a".repeat(512), "a".repeat(512)));
  }

  @ParameterizedTest
  @MethodSource("boundCookies")
  void resolveWhenBoundCredentialCookieThenCarriedWithTheToken(
      @Nullable String boundCookie, @Nullable String expected) {
    String token = TestSessions.newToken();
    String cookies = "GATEHOUSE_SESSION=" + token + (boundCookie == null ? "" : "; " + boundCookie);
    MockServerHttpRequest request =
        MockServerHttpRequest.get("/api/me").header(HttpHeaders.COOKIE, cookies).build();

    SessionCredential credential = ((Found) RESOLVER.resolve(request)).credential();

    assertThat(credential.boundCredential()).isEqualTo(expected);
    assertThat(credential.toString()).doesNotContain(token);
    if (expected != null) {
      assertThat(credential.toString()).doesNotContain(expected);
    }
  }

  @Test
  void resolveWhenBearerAndBoundCookieThenBothCarried() {
    String token = TestSessions.newToken();
    MockServerHttpRequest request =
        MockServerHttpRequest.get("/api/me")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .header(HttpHeaders.COOKIE, "GATEHOUSE_BOUND=bc-1")
            .build();

    assertThat(((Found) RESOLVER.resolve(request)).credential().boundCredential())
        .isEqualTo("bc-1");
  }

  static MockServerHttpRequest cookie(String value) {
    return MockServerHttpRequest.get("/api/me")
        .header(HttpHeaders.COOKIE, "GATEHOUSE_SESSION=" + value)
        .build();
  }

  static MockServerHttpRequest bearer(String value) {
    return MockServerHttpRequest.get("/api/me")
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + value)
        .build();
  }
}
