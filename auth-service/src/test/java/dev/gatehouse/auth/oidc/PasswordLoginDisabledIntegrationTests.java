package dev.gatehouse.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * {@code gatehouse.login.password-enabled=false}: the sign-in page offers only the providers, a
 * password is refused even when right (form: the page with a 403; JSON: 403 {@code
 * password_login_disabled}), and provider logins work as before.
 */
@TestPropertySource(properties = "gatehouse.login.password-enabled=false")
class PasswordLoginDisabledIntegrationTests extends AbstractOidcIntegrationTests {

  @Test
  void loginPageWhenPasswordDisabledThenOnlyProviderButtons() {
    MvcTestResult page = mvc.get().uri("/login").exchange();

    assertThat(page).hasStatus(HttpStatus.OK);
    assertThat(body(page))
        .contains("href=\"/oauth2/authorization/idp?next=/\"")
        .doesNotContain("name=\"password\"");
  }

  @Test
  void formLoginWhenPasswordDisabledThenRefusedEvenWithTheRightPassword() {
    TestUser user = createUser("user");

    MvcTestResult answer = formLogin(user, "/");

    assertThat(answer).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(body(answer)).contains("Sign-in with a password is turned off here");
    assertThat(setsSessionCookie(answer)).isFalse();
    assertThat(sessionsOf(user.id())).isZero();
  }

  @Test
  void jsonLoginWhenPasswordDisabledThenProblemWithStableError() {
    TestUser user = createUser("user");

    MvcTestResult answer =
        mvc.post()
            .uri("/login")
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                "{\"username\":\""
                    + user.username()
                    + "\",\"password\":\""
                    + user.password()
                    + "\"}")
            .exchange();

    assertThat(answer).hasStatus(HttpStatus.FORBIDDEN);
    assertThat((String) JsonPath.read(body(answer), "$.error"))
        .isEqualTo("password_login_disabled");
    assertThat(sessionsOf(user.id())).isZero();
  }

  @Test
  void providerLoginWhenPasswordDisabledThenWorks() {
    PROVIDER.nextLogin(
        "idp",
        TestIdentityProvider.randomSubject(),
        Map.of("preferred_username", OidcLoginIntegrationTests.newUsername()));

    MvcTestResult answer = signIn("idp", "/");

    assertThat(answer).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(setsSessionCookie(answer)).isTrue();
  }
}
