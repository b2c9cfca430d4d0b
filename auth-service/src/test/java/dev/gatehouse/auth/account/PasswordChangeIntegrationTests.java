package dev.gatehouse.auth.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractIntegrationTests;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Users change their own password (API {@code PUT /account/password}, page {@code
 * /account/password}): current password required and throttled like login, new one checked by the
 * policy, the other sessions end with an audit row, the current one stays.
 */
class PasswordChangeIntegrationTests extends AbstractIntegrationTests {

  private static final Pattern CSRF_FIELD =
      Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");
  private static final String NEW_PASSWORD = "a brand new passphrase 🔑";

  /** A client address of this test's own: failures here never count against other tests. */
  private final String clientIp =
      "198.51.100." + java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 255);

  private TestUser alice;
  private LoggedIn current;
  private LoggedIn phone;
  private LoggedIn laptop;

  @BeforeEach
  void aliceWithThreeSessions() {
    alice = createUser("user");
    current = login(alice);
    phone = login(alice);
    laptop = login(alice);
  }

  @Test
  void changeWhenCurrentPasswordRightThenOtherSessionsEndCurrentStaysAndAudited() {
    MvcTestResult result = change(alice.password(), NEW_PASSWORD);

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(JsonPath.<Integer>read(body(result), "$.endedSessions")).isEqualTo(2);
    assertThat(isActive(current)).isTrue();
    assertThat(isActive(phone)).isFalse();
    assertThat(isActive(laptop)).isFalse();
    assertThat(revocationReasons(phone.sid())).containsExactly("password-changed");
    assertThat(
            jdbc.sql(
                    "SELECT s.sid FROM audit_log a JOIN audit_log_sessions s ON s.audit_id = a.id"
                        + " WHERE a.action = 'change-password' AND a.target_user_id = ?")
                .param(alice.id())
                .query(String.class)
                .list())
        .containsExactlyInAnyOrder(phone.sid().toString(), laptop.sid().toString());
    assertThat(loginStatus(alice.password())).isEqualTo(401);
    assertThat(loginStatus(NEW_PASSWORD)).isEqualTo(200);
  }

  @Test
  void changeWhenNewPasswordDecomposedThenComposedFormLogsIn() {
    String decomposed = "cafe\u0301 au lait, noir";

    assertThat(change(alice.password(), decomposed)).hasStatus(HttpStatus.OK);

    assertThat(loginStatus("caf\u00e9 au lait, noir")).isEqualTo(200);
  }

  @Test
  void changeWhenCurrentPasswordWrongThen400AndNothingEnds() {
    MvcTestResult result = change("not-the-password", NEW_PASSWORD);

    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(JsonPath.<String>read(body(result), "$.error"))
        .isEqualTo("current_password_invalid");
    assertThat(isActive(phone)).isTrue();
    assertThat(loginStatus(alice.password())).isEqualTo(200);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          short-pw                | password_too_short
          1qaz2wsx3edc            | password_common
          USERNAME                | password_equals_username
          """)
  void changeWhenNewPasswordBreaksPolicyThen400WithItsError(String password, String error) {
    String next = password.equals("USERNAME") ? alice.username() : password;

    MvcTestResult result = change(alice.password(), next);

    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo(error);
    assertThat(body(result)).doesNotContain(next);
    assertThat(isActive(phone)).isTrue();
  }

  @Test
  void changeWhenTooManyWrongCurrentPasswordsThen429AndLoginThrottledToo() {
    List<Integer> statuses =
        java.util.stream.IntStream.range(0, 6)
            .mapToObj(i -> change("wrong-" + i, NEW_PASSWORD).getResponse().getStatus())
            .toList();

    assertThat(statuses).contains(429);
    MvcTestResult throttled = change(alice.password(), NEW_PASSWORD);
    assertThat(throttled).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(throttled.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isNotBlank();
    assertThat(JsonPath.<String>read(body(throttled), "$.error")).isEqualTo("too_many_attempts");
    assertThat(loginStatus(alice.password())).isEqualTo(429);
  }

  @Test
  void changeWhenMissingFieldsThen400() {
    MvcTestResult result =
        mvc.put()
            .uri("/account/password")
            .header(HttpHeaders.AUTHORIZATION, bearer(alice, current, "user"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{}")
            .exchange();

    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("invalid_request");
  }

  @Test
  void pageWhenFormPostedWithCsrfTokenThenChangedAndOthersEnded() {
    MvcTestResult page = page();
    assertThat(page).hasStatus(HttpStatus.OK);
    assertThat(body(page)).contains("name=\"currentPassword\"", "autocomplete=\"new-password\"");

    MvcTestResult result =
        postForm(
            page,
            Map.of(
                "currentPassword",
                alice.password(),
                "newPassword",
                NEW_PASSWORD,
                "confirm",
                NEW_PASSWORD));

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(body(result)).contains("Password changed.", "2 sessions");
    assertThat(isActive(current)).isTrue();
    assertThat(isActive(phone)).isFalse();
  }

  @Test
  void pageWhenConfirmationDiffersThen400AndNothingChanged() {
    MvcTestResult result =
        postForm(
            page(),
            Map.of(
                "currentPassword",
                alice.password(),
                "newPassword",
                NEW_PASSWORD,
                "confirm",
                NEW_PASSWORD + "x"));

    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(body(result)).contains(PasswordChangeController.MISMATCH);
    assertThat(loginStatus(alice.password())).isEqualTo(200);
  }

  @Test
  void pageWhenPostedWithoutCsrfTokenThen403() {
    MvcTestResult result =
        mvc.post()
            .uri("/account/ui/password")
            .header(HttpHeaders.AUTHORIZATION, bearer(alice, current, "user"))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(
                form(
                    Map.of(
                        "currentPassword", alice.password(),
                        "newPassword", NEW_PASSWORD,
                        "confirm", NEW_PASSWORD)))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(loginStatus(alice.password())).isEqualTo(200);
  }

  private MvcTestResult change(String currentPassword, String newPassword) {
    return mvc.put()
        .uri("/account/password")
        .header(HttpHeaders.AUTHORIZATION, bearer(alice, current, "user"))
        .with(
            request -> {
              request.setRemoteAddr(clientIp);
              return request;
            })
        .contentType(MediaType.APPLICATION_JSON)
        .content(
            "{\"currentPassword\":%s,\"newPassword\":%s}"
                .formatted(json(currentPassword), json(newPassword)))
        .exchange();
  }

  private int loginStatus(String password) {
    return mvc.post()
        .uri("/login")
        .with(
            request -> {
              request.setRemoteAddr(clientIp);
              return request;
            })
        .contentType(MediaType.APPLICATION_JSON)
        .content(
            "{\"username\":%s,\"password\":%s}".formatted(json(alice.username()), json(password)))
        .exchange()
        .getResponse()
        .getStatus();
  }

  private MvcTestResult page() {
    return mvc.get()
        .uri("/account/password")
        .accept(MediaType.TEXT_HTML)
        .header(HttpHeaders.AUTHORIZATION, bearer(alice, current, "user"))
        .exchange();
  }

  private MvcTestResult postForm(MvcTestResult page, Map<String, String> fields) {
    String setCookie =
        page.getResponse().getHeaders(HttpHeaders.SET_COOKIE).stream()
            .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
            .findFirst()
            .orElseThrow();
    Matcher field = CSRF_FIELD.matcher(body(page));
    assertThat(field.find()).isTrue();
    Map<String, String> withToken = new java.util.LinkedHashMap<>(fields);
    withToken.put("_csrf", field.group(1));
    return mvc.post()
        .uri("/account/ui/password")
        .header(HttpHeaders.AUTHORIZATION, bearer(alice, current, "user"))
        .cookie(
            new Cookie(
                "XSRF-TOKEN", setCookie.substring("XSRF-TOKEN=".length(), setCookie.indexOf(';'))))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(withToken))
        .exchange();
  }

  private static String json(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
