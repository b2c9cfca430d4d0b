package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class SessionCookiesTests {

  static final SessionTokens TOKENS = TestSessionTokenFormats.tokens();

  @Test
  void issueWhenSecureDisabledThenNoSecureAttribute() {
    SessionCookies cookies = new SessionCookies(properties("GATEHOUSE_SESSION", false), TOKENS);
    SessionToken token = TOKENS.generate();

    assertThat(cookies.issue(token))
        .isEqualTo("GATEHOUSE_SESSION=" + token.value() + "; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenHostPrefixThenSecurePathRootNoDomain() {
    SessionCookies cookies =
        new SessionCookies(properties("__Host-GATEHOUSE_SESSION", true), TOKENS);
    SessionToken token = TOKENS.generate();

    assertThat(cookies.issue(token))
        .isEqualTo(
            "__Host-GATEHOUSE_SESSION="
                + token.value()
                + "; Path=/; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void clearWhenCalledThenEmptyValueAndMaxAgeZero() {
    SessionCookies cookies = new SessionCookies(properties("GATEHOUSE_SESSION", true), TOKENS);

    assertThat(cookies.clear())
        .startsWith("GATEHOUSE_SESSION=; Path=/; Max-Age=0;")
        .contains("Secure", "HttpOnly", "SameSite=Lax");
  }

  @Test
  void propertiesWhenHostPrefixWithoutSecureThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> properties("__Host-GATEHOUSE_SESSION", false))
        .withMessageContaining("__Host-");
  }

  @Test
  void readWhenOneSessionCookieThenToken() {
    SessionCookies cookies = new SessionCookies(properties("GATEHOUSE_SESSION", true), TOKENS);
    SessionToken token = TOKENS.generate();
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setCookies(new Cookie("other", "x"), new Cookie("GATEHOUSE_SESSION", token.value()));

    assertThat(cookies.read(request)).contains(token);
  }

  @Test
  void readWhenSessionCookieTwiceThenNothing() {
    SessionCookies cookies = new SessionCookies(properties("GATEHOUSE_SESSION", true), TOKENS);
    MockHttpServletRequest request = new MockHttpServletRequest();
    String value = TOKENS.generate().value();
    request.setCookies(
        new Cookie("GATEHOUSE_SESSION", value), new Cookie("GATEHOUSE_SESSION", value));

    assertThat(cookies.read(request)).isEmpty();
  }

  private static SessionProperties properties(String name, boolean secure) {
    return TestSessionTokenFormats.properties(name, secure);
  }
}
