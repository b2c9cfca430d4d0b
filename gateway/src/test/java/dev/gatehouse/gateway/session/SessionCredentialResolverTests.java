package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.session.CredentialResolution.Found;
import dev.gatehouse.gateway.session.CredentialResolution.Malformed;
import dev.gatehouse.protocol.SessionTokenFormat;
import java.security.SecureRandom;
import java.util.stream.Stream;
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
