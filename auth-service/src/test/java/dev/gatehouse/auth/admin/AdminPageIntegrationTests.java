package dev.gatehouse.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The operator page: server-rendered, no JavaScript, every action confirmed on its own page whose
 * form POSTs with a CSRF token (cookie + masked form field), then 303 back to {@code /admin}.
 */
class AdminPageIntegrationTests extends AbstractIntegrationTests {

  private static final Pattern CSRF_FIELD =
      Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");

  private TestUser admin;
  private LoggedIn adminSession;

  @BeforeEach
  void operator() {
    admin = createUser("user", "admin");
    adminSession = login(admin);
  }

  @Test
  void pageWhenUserSearchedThenListsTheirSessionsWithIpAndUserAgent() {
    TestUser alice = createUser("user");
    LoggedIn laptop = login(alice, "203.0.113.7", "Firefox/140.0 <b>bold</b>");
    LoggedIn phone = login(alice, "198.51.100.23", "MobileSafari/18");

    MvcTestResult page = page("/admin?user=" + alice.username());

    assertThat(page).hasStatus(HttpStatus.OK).hasContentTypeCompatibleWith(MediaType.TEXT_HTML);
    assertThat(body(page))
        .contains(laptop.sid().toString(), phone.sid().toString())
        .contains("203.0.113.7", "198.51.100.23", "MobileSafari/18")
        .contains("Firefox/140.0 &lt;b&gt;bold&lt;/b&gt;")
        .doesNotContain("<b>bold</b>")
        .contains("href=\"/admin/ui/sessions/" + laptop.sid() + "/end\"")
        .contains("href=\"/admin/ui/users/" + alice.username() + "/logout\"")
        .contains("href=\"/admin/ui/users/" + alice.username() + "/disable\"")
        .contains("Active sessions: <span>2</span>")
        .doesNotContain("<script");
    assertThat(page.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
    assertThat(page.getResponse().getHeader("Content-Security-Policy"))
        .contains("default-src 'none'", "form-action 'self'", "frame-ancestors 'none'");
  }

  @Test
  void pageWhenUnknownUserThenSaysSo() {
    assertThat(body(page("/admin?user=nobody-here"))).contains("No user named");
  }

  @Test
  void pageWhenNotAdminThenForbidden() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);

    assertThat(
            mvc.get()
                .uri("/admin")
                .header(HttpHeaders.AUTHORIZATION, bearer(user, session, "user")))
        .hasStatus(HttpStatus.FORBIDDEN);
  }

  @Test
  void confirmationPageWhenSessionActiveThenPostFormWithCsrfTokenAndCookie() {
    TestUser alice = createUser("user");
    LoggedIn session = login(alice);

    MvcTestResult confirm = page("/admin/ui/sessions/" + session.sid() + "/end");

    assertThat(confirm).hasStatus(HttpStatus.OK);
    assertThat(body(confirm))
        .contains("method=\"post\"")
        .contains("action=\"/admin/ui/sessions/" + session.sid() + "/end\"")
        .contains("name=\"_csrf\"")
        .contains(alice.username());
    Cookie cookie = confirm.getResponse().getCookie("XSRF-TOKEN");
    assertThat(cookie).isNotNull();
    assertThat(cookie.getPath()).isEqualTo("/");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSecure()).isTrue();
    assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
    assertThat(csrfField(confirm))
        .as("the form carries a masked token")
        .isNotEqualTo(cookie.getValue());
    assertThat(isActive(session)).as("showing the confirmation changes nothing").isTrue();
  }

  @Test
  void endSessionFormWhenNoCsrfTokenThenForbiddenAndSessionKept() {
    TestUser alice = createUser("user");
    LoggedIn session = login(alice);

    MvcTestResult result =
        mvc.post()
            .uri("/admin/ui/sessions/" + session.sid() + "/end")
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .exchange();

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(isActive(session)).isTrue();
  }

  @Test
  void endSessionFormWhenTokenDoesNotMatchCookieThenForbiddenAndSessionKept() {
    TestUser alice = createUser("user");
    LoggedIn session = login(alice);
    MvcTestResult confirm = page("/admin/ui/sessions/" + session.sid() + "/end");
    MvcTestResult other = page("/admin/ui/sessions/" + session.sid() + "/end");

    MvcTestResult result =
        mvc.post()
            .uri("/admin/ui/sessions/" + session.sid() + "/end")
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .cookie(csrfCookie(confirm))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(form(Map.of("_csrf", csrfField(other))))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(isActive(session)).isTrue();
  }

  @Test
  void endSessionFormWhenValidCsrfTokenThenRevokedAndSeeOtherBackToPage() {
    TestUser alice = createUser("user");
    LoggedIn ended = login(alice);
    LoggedIn kept = login(alice);
    MvcTestResult confirm = page("/admin/ui/sessions/" + ended.sid() + "/end");

    MvcTestResult result =
        mvc.post()
            .uri("/admin/ui/sessions/" + ended.sid() + "/end")
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .cookie(csrfCookie(confirm))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(form(Map.of("_csrf", csrfField(confirm), "reason", "phishing report")))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/admin?user=" + alice.username() + "&notice=session-ended");
    assertThat(isActive(ended)).isFalse();
    assertThat(isActive(kept)).isTrue();
    assertThat(revocationReasons(ended.sid())).containsExactly("phishing report");
    assertThat(body(page(result.getResponse().getHeader(HttpHeaders.LOCATION))))
        .contains("Session ended.")
        .contains("end-session")
        .contains("phishing report");
  }

  @Test
  void userActionFormsWhenValidCsrfTokenThenLogoutDisableEnableAndSeeOther() {
    TestUser alice = createUser("user");
    LoggedIn first = login(alice);
    LoggedIn second = login(alice);

    MvcTestResult logout = confirmAndPost("/admin/ui/users/" + alice.username() + "/logout");
    assertThat(logout.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/admin?user=" + alice.username() + "&notice=logged-out&n=2");
    assertThat(isActive(first)).isFalse();
    assertThat(isActive(second)).isFalse();

    LoggedIn third = login(alice);
    MvcTestResult disable = confirmAndPost("/admin/ui/users/" + alice.username() + "/disable");
    assertThat(disable.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/admin?user=" + alice.username() + "&notice=disabled&n=1");
    assertThat(isActive(third)).isFalse();
    assertThat(body(page("/admin?user=" + alice.username())))
        .contains("disabled")
        .contains("href=\"/admin/ui/users/" + alice.username() + "/enable\"");

    MvcTestResult enable = confirmAndPost("/admin/ui/users/" + alice.username() + "/enable");
    assertThat(enable.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/admin?user=" + alice.username() + "&notice=enabled");
    assertThat(
            jdbc.sql("SELECT action FROM audit_log WHERE target_user_id = ? ORDER BY id")
                .param(alice.id())
                .query(String.class)
                .list())
        .containsExactly("logout-user", "disable-user", "enable-user");
  }

  @Test
  void confirmationPageWhenSessionUnknownThenSeeOtherWithNotice() {
    MvcTestResult result = page("/admin/ui/sessions/" + UUID.randomUUID() + "/end");

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/admin?notice=session-not-found");
  }

  @Test
  void jsonApiWhenNoCsrfTokenThenStillAccepted() {
    TestUser alice = createUser("user");
    LoggedIn session = login(alice);

    assertThat(
            mvc.delete()
                .uri("/admin/sessions/" + session.sid())
                .header(HttpHeaders.AUTHORIZATION, adminBearer()))
        .hasStatus(HttpStatus.NO_CONTENT);
    assertThat(
            mvc.post()
                .uri("/admin/users/{user}/logout", alice.username())
                .header(HttpHeaders.AUTHORIZATION, adminBearer()))
        .hasStatus(HttpStatus.OK);
  }

  private MvcTestResult confirmAndPost(String path) {
    MvcTestResult confirm = page(path);
    assertThat(confirm).hasStatus(HttpStatus.OK);
    MvcTestResult result =
        mvc.post()
            .uri(path)
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .cookie(csrfCookie(confirm))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(form(Map.of("_csrf", csrfField(confirm))))
            .exchange();
    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    return result;
  }

  private MvcTestResult page(String path) {
    return mvc.get()
        .uri(path)
        .accept(MediaType.TEXT_HTML)
        .header(HttpHeaders.AUTHORIZATION, adminBearer())
        .exchange();
  }

  private String adminBearer() {
    return bearer(admin, adminSession, "user", "admin");
  }

  static String csrfField(MvcTestResult page) {
    Matcher matcher = CSRF_FIELD.matcher(body(page));
    assertThat(matcher.find()).as("the page has a CSRF form field").isTrue();
    return matcher.group(1);
  }

  static String csrfSetCookie(MvcTestResult page) {
    List<String> cookies = page.getResponse().getHeaders(HttpHeaders.SET_COOKIE);
    return cookies.stream()
        .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie in " + cookies));
  }

  static Cookie csrfCookie(MvcTestResult page) {
    return new Cookie("XSRF-TOKEN", cookieValue(csrfSetCookie(page)));
  }

  private static String cookieValue(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }
}
