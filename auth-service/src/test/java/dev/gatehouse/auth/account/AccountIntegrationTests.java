package dev.gatehouse.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractIntegrationTests;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Users and their own sessions: listing with the current one marked, ending one, "log out other
 * devices", and never seeing or touching another user's sessions (404, not 403).
 */
class AccountIntegrationTests extends AbstractIntegrationTests {

  private static final Pattern CSRF_FIELD =
      Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");

  private TestUser alice;
  private LoggedIn current;
  private LoggedIn phone;

  @BeforeEach
  void aliceWithTwoSessions() {
    alice = createUser("user");
    current = login(alice, "192.0.2.10", "Desktop/1");
    phone = login(alice, "192.0.2.20", "Phone/2");
  }

  @Test
  void sessionsWhenCalledThenOwnActiveSessionsWithCurrentMarked() {
    TestUser bob = createUser("user");
    LoggedIn bobSession = login(bob);
    LoggedIn ended = login(alice);
    mvc.delete()
        .uri("/account/sessions/" + ended.sid())
        .header(HttpHeaders.AUTHORIZATION, aliceBearer())
        .exchange();

    MvcTestResult result =
        mvc.get()
            .uri("/account/sessions")
            .header(HttpHeaders.AUTHORIZATION, aliceBearer())
            .exchange();

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(result.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
    String body = body(result);
    assertThat(JsonPath.<Integer>read(body, "$.total")).isEqualTo(2);
    assertThat(JsonPath.<List<String>>read(body, "$.items[*].sid"))
        .containsExactlyInAnyOrder(current.sid().toString(), phone.sid().toString())
        .doesNotContain(bobSession.sid().toString(), ended.sid().toString());
    assertThat(JsonPath.<List<String>>read(body, "$.items[?(@.current == true)].sid"))
        .containsExactly(current.sid().toString());
    assertThat(JsonPath.<List<String>>read(body, "$.items[?(@.current == false)].userAgent"))
        .containsExactly("Phone/2");
    assertThat(JsonPath.<Map<String, Object>>read(body, "$.items[0]"))
        .containsOnlyKeys(
            "sid", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent", "current");
  }

  @Test
  void endSessionWhenOwnThenNoContentInactiveAndAudited() {
    MvcTestResult result =
        mvc.delete()
            .uri("/account/sessions/" + phone.sid())
            .header(HttpHeaders.AUTHORIZATION, aliceBearer())
            .exchange();

    assertThat(result).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(isActive(phone)).isFalse();
    assertThat(isActive(current)).isTrue();
    assertThat(revocationReasons(phone.sid())).containsExactly("user");
    assertThat(
            jdbc.sql(
                    "SELECT a.action, a.actor_id, a.actor_username, a.target_username"
                        + " FROM audit_log a JOIN audit_log_sessions s ON s.audit_id = a.id"
                        + " WHERE s.sid = ?")
                .param(phone.sid())
                .query(
                    (rs, n) ->
                        List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .single())
        .containsExactly(
            "end-own-session", alice.id().toString(), alice.username(), alice.username());
  }

  @Test
  void endSessionWhenAnotherUsersSidThenNotFoundAndThatSessionStillActive() {
    TestUser bob = createUser("user");
    LoggedIn bobSession = login(bob);

    MvcTestResult result =
        mvc.delete()
            .uri("/account/sessions/" + bobSession.sid())
            .header(HttpHeaders.AUTHORIZATION, aliceBearer())
            .exchange();
    MvcTestResult unknown =
        mvc.delete()
            .uri("/account/sessions/" + UUID.randomUUID())
            .header(HttpHeaders.AUTHORIZATION, aliceBearer())
            .exchange();

    assertThat(result)
        .hasStatus(HttpStatus.NOT_FOUND)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(unknown).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(JsonPath.<String>read(body(result), "$.detail"))
        .isEqualTo(JsonPath.<String>read(body(unknown), "$.detail"));
    assertThat(isActive(bobSession)).isTrue();
    assertThat(revocationReasons(bobSession.sid())).isEmpty();
  }

  @Test
  void endOtherSessionsWhenCalledThenAllButCurrentEnded() {
    LoggedIn tablet = login(alice);

    assertThat(
            mvc.delete()
                .uri("/account/sessions/others")
                .header(HttpHeaders.AUTHORIZATION, aliceBearer()))
        .hasStatus(HttpStatus.OK)
        .bodyJson()
        .isStrictlyEqualTo("{\"revoked\":2}");

    assertThat(isActive(current)).isTrue();
    assertThat(isActive(phone)).isFalse();
    assertThat(isActive(tablet)).isFalse();
  }

  @Test
  void accountWhenNoJwtThenUnauthorized() {
    assertThat(mvc.get().uri("/account/sessions")).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.get().uri("/account")).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.delete().uri("/account/sessions/" + phone.sid()))
        .hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(isActive(phone)).isTrue();
  }

  @Test
  void pageWhenCalledThenOwnSessionsWithThisDeviceMarkedAndEndLinksForOthers() {
    MvcTestResult page = page("/account");

    assertThat(page).hasStatus(HttpStatus.OK).hasContentTypeCompatibleWith(MediaType.TEXT_HTML);
    assertThat(body(page))
        .contains("This device")
        .contains("Desktop/1", "Phone/2", "192.0.2.20")
        .contains("href=\"/account/ui/sessions/" + phone.sid() + "/end\"")
        .doesNotContain("href=\"/account/ui/sessions/" + current.sid() + "/end\"")
        .contains("href=\"/account/ui/other-sessions/end\"");
    assertThat(page.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
  }

  @Test
  void otherSessionsFormWhenNoCsrfTokenThenForbiddenAndNothingEnded() {
    MvcTestResult result =
        mvc.post()
            .uri("/account/ui/other-sessions/end")
            .header(HttpHeaders.AUTHORIZATION, aliceBearer())
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .exchange();

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(isActive(phone)).isTrue();
  }

  @Test
  void otherSessionsFormWhenValidCsrfTokenThenOthersEndedAndSeeOther() {
    MvcTestResult confirm = page("/account/ui/other-sessions/end");
    assertThat(body(confirm)).contains("Log out your other devices?");

    MvcTestResult result = post("/account/ui/other-sessions/end", confirm);

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/account?notice=others-ended&n=1");
    assertThat(isActive(phone)).isFalse();
    assertThat(isActive(current)).isTrue();
  }

  @Test
  void endSessionFormWhenAnotherUsersSidThenNotFoundNoticeAndSessionKept() {
    TestUser bob = createUser("user");
    LoggedIn bobSession = login(bob);
    MvcTestResult confirmOwn = page("/account/ui/sessions/" + phone.sid() + "/end");

    MvcTestResult confirmOther = page("/account/ui/sessions/" + bobSession.sid() + "/end");
    MvcTestResult postOther = post("/account/ui/sessions/" + bobSession.sid() + "/end", confirmOwn);

    assertThat(confirmOther).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(postOther).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(postOther.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/account?notice=session-not-found");
    assertThat(isActive(bobSession)).isTrue();

    MvcTestResult postOwn = post("/account/ui/sessions/" + phone.sid() + "/end", confirmOwn);
    assertThat(postOwn.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/account?notice=session-ended");
    assertThat(isActive(phone)).isFalse();
  }

  private MvcTestResult post(String path, MvcTestResult confirmation) {
    String setCookie =
        confirmation.getResponse().getHeaders(HttpHeaders.SET_COOKIE).stream()
            .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
            .findFirst()
            .orElseThrow();
    Matcher field = CSRF_FIELD.matcher(body(confirmation));
    assertThat(field.find()).isTrue();
    return mvc.post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, aliceBearer())
        .cookie(
            new Cookie(
                "XSRF-TOKEN", setCookie.substring("XSRF-TOKEN=".length(), setCookie.indexOf(';'))))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(Map.of("_csrf", field.group(1))))
        .exchange();
  }

  private MvcTestResult page(String path) {
    return mvc.get()
        .uri(path)
        .accept(MediaType.TEXT_HTML)
        .header(HttpHeaders.AUTHORIZATION, aliceBearer())
        .exchange();
  }

  private String aliceBearer() {
    return bearer(alice, current, "user");
  }
}
