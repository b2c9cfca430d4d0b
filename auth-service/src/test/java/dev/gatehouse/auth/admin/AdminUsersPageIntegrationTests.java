package dev.gatehouse.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import jakarta.servlet.http.Cookie;
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
 * The operator's user pages: every form posts with a CSRF token, the enrollment link is shown once
 * with {@code no-store}, deletion goes through the confirmation page.
 */
class AdminUsersPageIntegrationTests extends AbstractIntegrationTests {

  private static final Pattern CSRF_FIELD =
      Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern LINK =
      Pattern.compile("id=\"issued-link\">(https://gateway\\.invalid/login/link\\?token=[^<]+)<");

  private TestUser admin;
  private LoggedIn session;

  @BeforeEach
  void operator() {
    admin = createUser("user", "admin");
    session = login(admin);
  }

  @Test
  void createWhenFormPostedWithCsrfTokenThenLinkShownOnceAndNotStored() {
    String username = "page-" + UUID.randomUUID().toString().substring(0, 8);
    MvcTestResult page = get("/admin/ui/users");
    assertThat(page).hasStatus(HttpStatus.OK);

    MvcTestResult created =
        post(page, "/admin/ui/users", "username=" + username + "&displayName=Page+User&roles=user");

    assertThat(created).hasStatus(HttpStatus.OK);
    assertThat(created.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
    Matcher link = LINK.matcher(body(created));
    assertThat(link.find()).isTrue();
    String token = link.group(1).substring(link.group(1).indexOf("token=") + 6);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM one_time_links WHERE token_hash = ?")
                .param(token)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(body(get("/admin/ui/users?prefix=" + username)))
        .contains(username, "enrollment pending");
  }

  @Test
  void createWhenPostedWithoutCsrfTokenThen403() {
    MvcTestResult result =
        mvc.post()
            .uri("/admin/ui/users")
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("username=forged&roles=admin")
            .exchange();

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(get("/admin/users/forged").getResponse().getStatus()).isEqualTo(404);
  }

  @Test
  void rolesWhenChangedOnManagePageThenSavedAndAudited() {
    TestUser bob = createUser("user", "admin");
    MvcTestResult manage = get("/admin/ui/users/" + bob.username() + "/manage");
    assertThat(manage).hasStatus(HttpStatus.OK);

    MvcTestResult result =
        post(manage, "/admin/ui/users/" + bob.username() + "/roles", "roles=user");

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(body(result)).contains("Roles changed.");
    assertThat(
            jdbc.sql("SELECT role FROM user_roles WHERE user_id = ?")
                .param(bob.id())
                .query(String.class)
                .list())
        .containsExactly("user");
  }

  @Test
  void deleteWhenConfirmedThenSeeOtherAndAccountGone() {
    TestUser carol = createUser("user");
    MvcTestResult confirm = get("/admin/ui/users/" + carol.username() + "/delete");
    assertThat(confirm).hasStatus(HttpStatus.OK);
    assertThat(body(confirm)).contains("Delete the account " + carol.username() + "?");

    MvcTestResult result = post(confirm, "/admin/ui/users/" + carol.username() + "/delete", "");

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION)).contains("notice=deleted");
    assertThat(get("/admin/users/" + carol.username()).getResponse().getStatus()).isEqualTo(404);
  }

  @Test
  void temporaryPasswordWhenCommonThen400WithPolicyMessage() {
    TestUser dave = createUser("user");
    MvcTestResult manage = get("/admin/ui/users/" + dave.username() + "/manage");

    MvcTestResult result =
        post(
            manage,
            "/admin/ui/users/" + dave.username() + "/password",
            "temporaryPassword=1qaz2wsx3edc");

    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(body(result)).contains("common or breached");
  }

  private MvcTestResult get(String path) {
    return mvc.get()
        .uri(path)
        .accept(MediaType.TEXT_HTML)
        .header(HttpHeaders.AUTHORIZATION, adminBearer())
        .exchange();
  }

  private MvcTestResult post(MvcTestResult page, String path, String fields) {
    String setCookie =
        page.getResponse().getHeaders(HttpHeaders.SET_COOKIE).stream()
            .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
            .findFirst()
            .orElseThrow();
    Matcher field = CSRF_FIELD.matcher(body(page));
    assertThat(field.find()).isTrue();
    String content = (fields.isEmpty() ? "" : fields + "&") + form(Map.of("_csrf", field.group(1)));
    return mvc.post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, adminBearer())
        .cookie(
            new Cookie(
                "XSRF-TOKEN", setCookie.substring("XSRF-TOKEN=".length(), setCookie.indexOf(';'))))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(content)
        .exchange();
  }

  private String adminBearer() {
    return bearer(admin, session, "user", "admin");
  }
}
