package dev.gatehouse.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractIntegrationTests;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The user-management API on a real PostgreSQL: create with an enrollment link, links, temporary
 * passwords, role changes (announced to the gateways as "changed" entries, sessions alive),
 * deletion (sessions revoked, tombstone keeps the name); every change with its audit row.
 */
class UserManagementIntegrationTests extends AbstractIntegrationTests {

  private static final String PASSWORD = "a long enough passphrase";

  private TestUser admin;
  private LoggedIn adminSession;

  @BeforeEach
  void operator() {
    admin = createUser("user", "admin");
    adminSession = login(admin);
  }

  @Test
  void createWhenValidThenNoPasswordUntilEnrollmentLinkUsedAndAudited() {
    String username = uniqueName();

    MvcTestResult created =
        send(
            "POST",
            "/admin/users",
            "{\"username\":\"%s\",\"displayName\":\"Bob B.\",\"roles\":[\"user\"]}"
                .formatted(username));

    assertThat(created).hasStatus(HttpStatus.CREATED);
    String body = body(created);
    assertThat(JsonPath.<Boolean>read(body, "$.user.hasPassword")).isFalse();
    assertThat(JsonPath.<List<String>>read(body, "$.user.roles")).containsExactly("user");
    assertThat(JsonPath.<String>read(body, "$.link.purpose")).isEqualTo("enrollment");
    String url = JsonPath.read(body, "$.link.url");
    assertThat(url).startsWith("https://gateway.invalid/login/link?token=");
    assertThat(loginStatus(username, "")).isEqualTo(400);
    assertThat(loginStatus(username, PASSWORD)).isEqualTo(401);

    assertThat(useLink(token(url), PASSWORD)).hasStatus(HttpStatus.OK);

    assertThat(loginStatus(username, PASSWORD)).isEqualTo(200);
    assertThat(useLink(token(url), PASSWORD + "2")).hasStatus(HttpStatus.NOT_FOUND);
    assertThat(auditActions(username)).containsExactly("use-link", "issue-link", "create-user");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          username with a space     | {"username":"bob smith","roles":["user"]}      | 400 | invalid_username
          empty username            | {"username":"","roles":["user"]}               | 400 | invalid_username
          username of 65            | {"username":"%s","roles":["user"]}             | 400 | invalid_username
          role not allowed          | {"username":"u-%s","roles":["root"]}           | 400 | invalid_role
          upper-case role           | {"username":"u-%s","roles":["Admin"]}          | 400 | invalid_role
          control in display name   | {"username":"u-%s","displayName":"a\\u0007b"}  | 400 | invalid_display_name
          """)
  void createWhenBadInputThen4xxWithError(String name, String json, int status, String error) {
    String body =
        json.contains("\"%s\"")
            ? json.formatted("x".repeat(65))
            : json.replace("%s", UUID.randomUUID().toString().substring(0, 8));

    MvcTestResult result = send("POST", "/admin/users", body);

    assertThat(result.getResponse().getStatus()).isEqualTo(status);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo(error);
  }

  @Test
  void createWhenUsernameTakenThen409() {
    TestUser existing = createUser("user");

    MvcTestResult result =
        send(
            "POST",
            "/admin/users",
            "{\"username\":\"%s\",\"roles\":[]}".formatted(existing.username()));

    assertThat(result).hasStatus(HttpStatus.CONFLICT);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("username_taken");
  }

  @Test
  void createWhenFormContentTypeThen415() {
    MvcTestResult result =
        mvc.post()
            .uri("/admin/users")
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("username=forged&roles=admin")
            .exchange();

    assertThat(result).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void changeRolesWhenLiveSessionsThenChangedEntriesAndSessionsStayActiveWithNewRoles() {
    TestUser carol = createUser("user", "admin");
    LoggedIn one = login(carol);
    LoggedIn two = login(carol);

    MvcTestResult result =
        send("PUT", "/admin/users/" + carol.username() + "/roles", "{\"roles\":[\"user\"]}");

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(JsonPath.<Integer>read(body(result), "$.sessionsRefreshed")).isEqualTo(2);
    assertThat(JsonPath.<List<String>>read(body(result), "$.user.roles")).containsExactly("user");
    assertThat(
            jdbc.sql("SELECT sid, kind, reason FROM revocation_log WHERE user_id = ? ORDER BY seq")
                .param(carol.id())
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3))
                .list())
        .containsExactlyInAnyOrder(
            one.sid() + " changed roles-changed", two.sid() + " changed roles-changed");
    assertThat(isActive(one)).isTrue();
    assertThat(JsonPath.<List<String>>read(body(introspect(one.token())), "$.roles"))
        .containsExactly("user");
    MvcTestResult feed =
        mvc.get()
            .uri("/internal/revocations?after=0&limit=1000")
            .header(HttpHeaders.AUTHORIZATION, clientCredentials())
            .exchange();
    assertThat(
            JsonPath.<List<String>>read(
                body(feed), "$.events[?(@.sid == '%s')].kind".formatted(one.sid())))
        .containsExactly("changed");
    assertThat(auditActions(carol.username())).containsExactly("change-roles");
    assertThat(
            jdbc.sql(
                    "SELECT reason FROM audit_log WHERE action = 'change-roles' AND target_user_id = ?")
                .param(carol.id())
                .query(String.class)
                .single())
        .isEqualTo("roles=user");
  }

  @Test
  void changeRolesWhenOwnAccountThen409AndUnchanged() {
    MvcTestResult result =
        send("PUT", "/admin/users/" + admin.username() + "/roles", "{\"roles\":[\"user\"]}");

    assertThat(result).hasStatus(HttpStatus.CONFLICT);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("cannot_change_own_roles");
    assertThat(roles(admin.id())).containsExactly("admin", "user");
  }

  @Test
  void temporaryPasswordWhenSetThenSessionsEndAndLoginOnlyLeadsToChangePage() {
    TestUser dave = createUser("user");
    LoggedIn old = login(dave);

    MvcTestResult set =
        send(
            "PUT",
            "/admin/users/" + dave.username() + "/password",
            "{\"temporaryPassword\":\"temporary passphrase 1\"}");

    assertThat(set).hasStatus(HttpStatus.OK);
    assertThat(JsonPath.<Integer>read(body(set), "$.revoked")).isEqualTo(1);
    assertThat(isActive(old)).isFalse();
    MvcTestResult json = jsonLogin(dave.username(), "temporary passphrase 1");
    assertThat(json).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(json.getResponse().getHeader(HttpHeaders.SET_COOKIE)).isNull();
    assertThat(JsonPath.<String>read(body(json), "$.error")).isEqualTo("password_change_required");
    MvcTestResult form =
        mvc.post()
            .uri("/login")
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(
                form(Map.of("username", dave.username(), "password", "temporary passphrase 1")))
            .exchange();
    assertThat(form).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(form.getResponse().getHeader(HttpHeaders.SET_COOKIE)).isNull();
    String location = form.getResponse().getHeader(HttpHeaders.LOCATION);
    assertThat(location).startsWith("https://gateway.invalid/login/link?token=");
    assertThat(sessionsOf(dave.id())).isEqualTo(1);

    assertThat(useLink(token(location), PASSWORD)).hasStatus(HttpStatus.OK);

    assertThat(loginStatus(dave.username(), "temporary passphrase 1")).isEqualTo(401);
    assertThat(loginStatus(dave.username(), PASSWORD)).isEqualTo(200);
    assertThat(auditActions(dave.username())).contains("temporary-password", "use-link");
  }

  @Test
  void temporaryPasswordWhenCommonThen400() {
    TestUser erin = createUser("user");

    MvcTestResult result =
        send(
            "PUT",
            "/admin/users/" + erin.username() + "/password",
            "{\"temporaryPassword\":\"1qaz2wsx3edc\"}");

    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("password_common");
  }

  @Test
  void issueLinkWhenUserHasPasswordThenResetLinkThatEndsAllSessions() {
    TestUser frank = createUser("user");
    LoggedIn session = login(frank);

    MvcTestResult link = send("POST", "/admin/users/" + frank.username() + "/link", "{}");

    assertThat(link).hasStatus(HttpStatus.OK);
    assertThat(JsonPath.<String>read(body(link), "$.purpose")).isEqualTo("reset");
    assertThat(isActive(session)).isTrue();
    assertThat(useLink(token(JsonPath.read(body(link), "$.url")), PASSWORD))
        .hasStatus(HttpStatus.OK);
    assertThat(isActive(session)).isFalse();
    assertThat(revocationReasons(session.sid())).containsExactly("reset");
    assertThat(loginStatus(frank.username(), PASSWORD)).isEqualTo(200);
  }

  @Test
  void issueLinkWhenIssuedAgainThenEarlierLinkStopsWorking() {
    TestUser grace = createUser("user");
    String first =
        JsonPath.read(
            body(send("POST", "/admin/users/" + grace.username() + "/link", "{}")), "$.url");
    send("POST", "/admin/users/" + grace.username() + "/link", "{}");

    assertThat(useLink(token(first), PASSWORD)).hasStatus(HttpStatus.NOT_FOUND);
  }

  @Test
  void deleteWhenUserThenSessionsRevokedAuditKeptAndUsernameNotReusable() {
    TestUser heidi = createUser("user");
    LoggedIn session = login(heidi);

    MvcTestResult deleted = send("DELETE", "/admin/users/" + heidi.username(), null);

    assertThat(deleted).hasStatus(HttpStatus.OK);
    assertThat(JsonPath.<Integer>read(body(deleted), "$.revoked")).isEqualTo(1);
    assertThat(isActive(session)).isFalse();
    assertThat(revocationReasons(session.sid())).containsExactly("user-deleted");
    assertThat(send("GET", "/admin/users/" + heidi.username(), null))
        .hasStatus(HttpStatus.NOT_FOUND);
    assertThat(loginStatus(heidi.username(), heidi.password())).isEqualTo(401);
    assertThat(auditActions(heidi.username())).containsExactly("delete-user");
    assertThat(
            send(
                "POST",
                "/admin/users",
                "{\"username\":\"%s\",\"roles\":[\"user\"]}".formatted(heidi.username())))
        .hasStatus(HttpStatus.CONFLICT);
    assertThat(send("DELETE", "/admin/users/" + heidi.username(), null))
        .hasStatus(HttpStatus.NOT_FOUND);
  }

  @Test
  void deleteWhenSelfThen409() {
    MvcTestResult result = send("DELETE", "/admin/users/" + admin.username(), null);

    assertThat(result).hasStatus(HttpStatus.CONFLICT);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("cannot_delete_self");
  }

  @Test
  void listWhenPrefixThenPagedByUsernameWithoutDeleted() {
    String prefix = "list-" + UUID.randomUUID().toString().substring(0, 6) + "_";
    for (String suffix : List.of("c", "a", "b", "d")) {
      send(
          "POST",
          "/admin/users",
          "{\"username\":\"%s%s\",\"roles\":[\"user\"]}".formatted(prefix, suffix));
    }
    send("DELETE", "/admin/users/" + prefix + "d", null);
    // "_" is literal in the prefix, not a LIKE wildcard.
    send(
        "POST",
        "/admin/users",
        "{\"username\":\"%sx\",\"roles\":[]}".formatted(prefix.replace("_", "-")));

    MvcTestResult first = send("GET", "/admin/users?prefix=" + prefix + "&size=2", null);
    MvcTestResult second = send("GET", "/admin/users?prefix=" + prefix + "&size=2&page=1", null);

    assertThat(JsonPath.<Integer>read(body(first), "$.total")).isEqualTo(3);
    assertThat(JsonPath.<List<String>>read(body(first), "$.items[*].username"))
        .containsExactly(prefix + "a", prefix + "b");
    assertThat(JsonPath.<List<String>>read(body(second), "$.items[*].username"))
        .containsExactly(prefix + "c");
  }

  @Test
  void usersApiWhenNotAdminThen403() {
    TestUser ivan = createUser("user");
    LoggedIn session = login(ivan);

    MvcTestResult result =
        mvc.get()
            .uri("/admin/users")
            .header(HttpHeaders.AUTHORIZATION, bearer(ivan, session, "user"))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
  }

  private MvcTestResult send(String method, String path, String json) {
    var request =
        switch (method) {
          case "POST" -> mvc.post().uri(path);
          case "PUT" -> mvc.put().uri(path);
          case "DELETE" -> mvc.delete().uri(path);
          default -> mvc.get().uri(path);
        };
    request.header(HttpHeaders.AUTHORIZATION, adminBearer());
    if (json != null) {
      request.contentType(MediaType.APPLICATION_JSON).content(json);
    }
    return request.exchange();
  }

  private String adminBearer() {
    return bearer(admin, adminSession, "user", "admin");
  }

  private MvcTestResult useLink(String token, String password) {
    return mvc.post()
        .uri("/login/link")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(Map.of("token", token, "password", password, "confirm", password)))
        .exchange();
  }

  private static String token(String url) {
    return url.substring(url.indexOf("token=") + "token=".length());
  }

  private MvcTestResult jsonLogin(String username, String password) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password))
        .exchange();
  }

  private int loginStatus(String username, String password) {
    return jsonLogin(username, password).getResponse().getStatus();
  }

  private List<String> auditActions(String username) {
    return jdbc.sql("SELECT action FROM audit_log WHERE target_username = ? ORDER BY id DESC")
        .param(username)
        .query(String.class)
        .list();
  }

  private List<String> roles(UUID userId) {
    return jdbc.sql("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role")
        .param(userId)
        .query(String.class)
        .list();
  }

  private long sessionsOf(UUID userId) {
    return jdbc.sql("SELECT COUNT(*) FROM sessions WHERE user_id = ?")
        .param(userId)
        .query(Long.class)
        .single();
  }

  private static String uniqueName() {
    return "new-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
