package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.servlet.http.Cookie;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class SessionCookiesTests {

  @Test
  void issueWhenSecureDisabledThenNoSecureAttribute() {
    SessionCookies cookies = new SessionCookies(properties("GATEHOUSE_SESSION", false));
    SessionToken token = SessionToken.generate();

    assertThat(cookies.issue(token))
        .isEqualTo("GATEHOUSE_SESSION=" + token.value() + "; Path=/; HttpOnly; SameSite=Lax");
  }

  @Test
  void issueWhenHostPrefixThenSecurePathRootNoDomain() {
    SessionCookies cookies = new SessionCookies(properties("__Host-GATEHOUSE_SESSION", true));
    SessionToken token = SessionToken.generate();

    assertThat(cookies.issue(token))
        .isEqualTo(
            "__Host-GATEHOUSE_SESSION="
                + token.value()
                + "; Path=/; Secure; HttpOnly; SameSite=Lax");
  }

  @Test
  void clearWhenCalledThenEmptyValueAndMaxAgeZero() {
    SessionCookies cookies = new SessionCookies(properties("GATEHOUSE_SESSION", true));

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
    SessionCookies cookies = new SessionCookies(properties("GATEHOUSE_SESSION", true));
    SessionToken token = SessionToken.generate();
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setCookies(new Cookie("other", "x"), new Cookie("GATEHOUSE_SESSION", token.value()));

    assertThat(cookies.read(request)).contains(token);
  }

  @Test
  void readWhenSessionCookieTwiceThenNothing() {
    SessionCookies cookies = new SessionCookies(properties("GATEHOUSE_SESSION", true));
    MockHttpServletRequest request = new MockHttpServletRequest();
    String value = SessionToken.generate().value();
    request.setCookies(
        new Cookie("GATEHOUSE_SESSION", value), new Cookie("GATEHOUSE_SESSION", value));

    assertThat(cookies.read(request)).isEmpty();
  }

  private static SessionProperties properties(String name, boolean secure) {
    return new SessionProperties(name, secure, Duration.ofHours(12), Duration.ofMinutes(30));
  }
}
