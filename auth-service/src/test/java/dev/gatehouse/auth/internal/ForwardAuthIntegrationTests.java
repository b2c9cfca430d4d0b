package dev.gatehouse.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.TestSessionTokens;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.protocol.GatehouseHeaders;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** {@code GET /internal/forward-auth} as nginx {@code auth_request} or Traefik call it. */
class ForwardAuthIntegrationTests extends AbstractIntegrationTests {

  @Autowired private RevocationService revocations;

  @Test
  void forwardAuthWhenSessionCookieActiveThenOkWithIdentityHeaders() {
    TestUser user = createUser("user", "admin");
    LoggedIn session = login(user);

    MvcTestResult result = forwardAuth(new Cookie("GATEHOUSE_SESSION", session.token()));

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(result)
        .headers()
        .hasValue(GatehouseHeaders.USER, user.id().toString())
        .hasValue(GatehouseHeaders.USERNAME, user.username())
        .hasValue(GatehouseHeaders.ROLES, "admin,user")
        .hasValue(GatehouseHeaders.SID, session.sid().toString());
  }

  @Test
  void forwardAuthWhenNoActiveSessionThenUnauthorizedWithoutPasswordPrompt() {
    TestUser user = createUser("user");
    LoggedIn revoked = login(user);
    revocations.revokeSession(revoked.sid(), "test", "admin");
    LoggedIn active = login(user);

    for (Cookie[] cookies :
        new Cookie[][] {
          {},
          {new Cookie("GATEHOUSE_SESSION", "not-a-token")},
          {new Cookie("GATEHOUSE_SESSION", TestSessionTokens.forged())},
          {new Cookie("GATEHOUSE_SESSION", TestSessionTokens.unknown())},
          {new Cookie("GATEHOUSE_SESSION", revoked.token())},
          {new Cookie("OTHER", active.token())},
          // Two session cookies: ambiguous, neither is trusted.
          {
            new Cookie("GATEHOUSE_SESSION", active.token()),
            new Cookie("GATEHOUSE_SESSION", revoked.token())
          }
        }) {
      MvcTestResult result = forwardAuth(cookies);
      assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
      assertThat(result).headers().doesNotContainHeader(HttpHeaders.WWW_AUTHENTICATE);
      assertThat(result).headers().doesNotContainHeader(GatehouseHeaders.USER);
    }
  }

  @Test
  void forwardAuthWhenNoClientCredentialsThenUnauthorized() {
    LoggedIn session = login(createUser("user"));

    MvcTestResult result =
        mvc.get()
            .uri("/internal/forward-auth")
            .cookie(new Cookie("GATEHOUSE_SESSION", session.token()))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result)
        .headers()
        .hasValue(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"gatehouse\"");
    assertThat(result).headers().doesNotContainHeader(GatehouseHeaders.USER);
  }

  private MvcTestResult forwardAuth(Cookie... cookies) {
    var request =
        mvc.get()
            .uri("/internal/forward-auth")
            .header(HttpHeaders.AUTHORIZATION, clientCredentials());
    if (cookies.length > 0) {
      request.cookie(cookies);
    }
    return request.exchange();
  }
}
