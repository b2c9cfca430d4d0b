package dev.gatehouse.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.TestJwts;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The operator JSON API on PostgreSQL with gateway-style signed JWTs: who may call it (every
 * endpoint, table-driven), what each call does to sessions, logins, the revocation log and the
 * audit trail, and how bad input is answered.
 */
class AdminApiIntegrationTests extends AbstractIntegrationTests {

  private static final TestJwts jwts = TestJwts.get();

  private TestUser admin;
  private LoggedIn adminSession;

  @BeforeEach
  void operator() {
    admin = createUser("user", "admin");
    adminSession = login(admin);
  }

  /**
   * Every operator endpoint, with the status an admin gets. The path is built from the target: a
   * user with one session.
   */
  record Endpoint(HttpMethod method, Function<Target, String> path, HttpStatus success) {}

  record Target(TestUser user, LoggedIn session) {}

  static Stream<Arguments.ArgumentSet> endpoints() {
    return Stream.of(
        argumentSet(
            "GET /admin/sessions?user=",
            new Endpoint(
                HttpMethod.GET,
                target -> "/admin/sessions?user=" + target.user().username(),
                HttpStatus.OK)),
        argumentSet(
            "GET /admin/sessions",
            new Endpoint(HttpMethod.GET, target -> "/admin/sessions", HttpStatus.OK)),
        argumentSet(
            "DELETE /admin/sessions/{sid}",
            new Endpoint(
                HttpMethod.DELETE,
                target -> "/admin/sessions/" + target.session().sid(),
                HttpStatus.NO_CONTENT)),
        argumentSet(
            "POST /admin/users/{username}/logout",
            new Endpoint(
                HttpMethod.POST,
                target -> "/admin/users/" + target.user().username() + "/logout",
                HttpStatus.OK)),
        argumentSet(
            "POST /admin/users/{username}/disable",
            new Endpoint(
                HttpMethod.POST,
                target -> "/admin/users/" + target.user().username() + "/disable",
                HttpStatus.OK)),
        argumentSet(
            "POST /admin/users/{username}/enable",
            new Endpoint(
                HttpMethod.POST,
                target -> "/admin/users/" + target.user().username() + "/enable",
                HttpStatus.OK)),
        argumentSet(
            "GET /admin/audit",
            new Endpoint(HttpMethod.GET, target -> "/admin/audit", HttpStatus.OK)),
        argumentSet(
            "GET /admin (page)",
            new Endpoint(
                HttpMethod.GET,
                target -> "/admin?user=" + target.user().username(),
                HttpStatus.OK)),
        argumentSet(
            "GET /admin/ui/sessions/{sid}/end (confirmation page)",
            new Endpoint(
                HttpMethod.GET,
                target -> "/admin/ui/sessions/" + target.session().sid() + "/end",
                HttpStatus.OK)),
        argumentSet(
            "GET /admin/ui/users/{username}/logout (confirmation page)",
            new Endpoint(
                HttpMethod.GET,
                target -> "/admin/ui/users/" + target.user().username() + "/logout",
                HttpStatus.OK)));
  }

  /** A token the resource server must refuse, built from the claims of a valid admin token. */
  enum BadToken {
    NONE,
    FORGED,
    EXPIRED,
    WRONG_AUDIENCE;

    String authorization(JWTClaimsSet.Builder adminClaims, Instant now) {
      return switch (this) {
        case NONE -> null;
        case FORGED -> "Bearer " + jwts.forge(adminClaims.build());
        case EXPIRED ->
            "Bearer "
                + jwts.sign(
                    adminClaims
                        .issueTime(Date.from(now.minusSeconds(130)))
                        .notBeforeTime(Date.from(now.minusSeconds(130)))
                        .expirationTime(Date.from(now.minusSeconds(70)))
                        .build());
        case WRONG_AUDIENCE -> "Bearer " + jwts.sign(adminClaims.audience("demo-backend").build());
      };
    }
  }

  static Stream<Arguments> endpointsAndBadTokens() {
    return endpoints()
        .flatMap(
            endpoint ->
                Stream.of(BadToken.values())
                    .map(
                        token ->
                            argumentSet(
                                endpoint.getName() + " with " + token, endpoint.get()[0], token)));
  }

  @ParameterizedTest
  @MethodSource("endpointsAndBadTokens")
  void adminEndpointWhenTokenMissingOrInvalidThenUnauthorizedAndNothingChanged(
      Endpoint endpoint, BadToken token) {
    Target target = target();
    JWTClaimsSet.Builder adminClaims =
        jwts.claims(
            clock.instant(),
            admin.id(),
            adminSession.sid(),
            admin.username(),
            List.of("user", "admin"));

    MvcTestResult result =
        call(endpoint, target, token.authorization(adminClaims, clock.instant()));

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(isActive(target.session())).isTrue();
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void adminEndpointWhenJwtHasNoAdminRoleThenForbiddenAndNothingChanged(Endpoint endpoint) {
    Target target = target();
    TestUser user = createUser("user");
    LoggedIn userSession = login(user);

    MvcTestResult result = call(endpoint, target, bearer(user, userSession, "user"));

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(isActive(target.session())).isTrue();
    assertThat(auditCount(target.user())).isZero();
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void adminEndpointWhenJwtHasAdminRoleThenSucceeds(Endpoint endpoint) {
    Target target = target();

    MvcTestResult result = call(endpoint, target, adminBearer());

    assertThat(result).hasStatus(endpoint.success());
    assertThat(result.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
  }

  @Test
  void logoutUserWhenAdminThenAllSessionsOfThatUserInactiveOthersUntouchedAndAudited() {
    TestUser alice = createUser("user");
    LoggedIn laptop = login(alice);
    LoggedIn phone = login(alice);
    TestUser bob = createUser("user");
    LoggedIn bobSession = login(bob);

    MvcTestResult result =
        mvc.post()
            .uri("/admin/users/{username}/logout", alice.username())
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .exchange();

    assertThat(result).hasStatus(HttpStatus.OK).bodyJson().isStrictlyEqualTo("{\"revoked\":2}");
    assertThat(isActive(laptop)).isFalse();
    assertThat(isActive(phone)).isFalse();
    assertThat(isActive(bobSession)).isTrue();
    assertThat(isActive(adminSession)).isTrue();
    assertThat(
            jdbc.sql(
                    "SELECT sid FROM revocation_log WHERE user_id = ? AND reason = 'admin'"
                        + " AND actor = ? ORDER BY seq")
                .params(alice.id(), admin.id().toString())
                .query(UUID.class)
                .list())
        .containsExactlyInAnyOrder(laptop.sid(), phone.sid());
    String audit = body(auditOf(alice));
    assertThat(JsonPath.<Integer>read(audit, "$.total")).isEqualTo(1);
    assertThat(JsonPath.<Map<String, Object>>read(audit, "$.items[0]"))
        .containsEntry("actor", admin.username())
        .containsEntry("actorId", admin.id().toString())
        .containsEntry("action", "logout-user")
        .containsEntry("target", alice.username())
        .containsEntry("targetId", alice.id().toString())
        .containsEntry("reason", "admin")
        .containsKeys("id", "at");
    assertThat(JsonPath.<List<String>>read(audit, "$.items[0].sids"))
        .containsExactlyInAnyOrder(laptop.sid().toString(), phone.sid().toString());
  }

  @Test
  void logoutUserWhenNoSessionsThenZeroRevokedAndStillAudited() {
    TestUser idle = createUser("user");

    assertThat(
            mvc.post()
                .uri("/admin/users/{username}/logout", idle.username())
                .header(HttpHeaders.AUTHORIZATION, adminBearer()))
        .bodyJson()
        .isStrictlyEqualTo("{\"revoked\":0}");
    assertThat(auditOf(idle)).bodyJson().extractingPath("$.items[0].sids").asArray().isEmpty();
  }

  @Test
  void endSessionWhenAdminThenOnlyThatSessionInactiveAndReasonRecorded() {
    TestUser alice = createUser("user");
    LoggedIn ended = login(alice);
    LoggedIn kept = login(alice);

    MvcTestResult result =
        mvc.delete()
            .uri("/admin/sessions/{sid}?reason={reason}", ended.sid(), "stolen laptop")
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .exchange();

    assertThat(result).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(isActive(ended)).isFalse();
    assertThat(isActive(kept)).isTrue();
    assertThat(revocationReasons(ended.sid())).containsExactly("stolen laptop");
    String audit = body(auditOf(alice));
    assertThat(JsonPath.<Map<String, Object>>read(audit, "$.items[0]"))
        .containsEntry("actor", admin.username())
        .containsEntry("actorId", admin.id().toString())
        .containsEntry("action", "end-session")
        .containsEntry("target", alice.username())
        .containsEntry("reason", "stolen laptop");
    assertThat(JsonPath.<List<String>>read(audit, "$.items[0].sids"))
        .containsExactly(ended.sid().toString());
  }

  @Test
  void endSessionWhenUnknownOrAlreadyEndedThenNotFoundProblem() {
    LoggedIn session = login(createUser("user"));
    String path = "/admin/sessions/" + session.sid();
    assertThat(mvc.delete().uri(path).header(HttpHeaders.AUTHORIZATION, adminBearer()))
        .hasStatus(HttpStatus.NO_CONTENT);

    for (String missing : List.of(path, "/admin/sessions/" + UUID.randomUUID())) {
      assertThat(mvc.delete().uri(missing).header(HttpHeaders.AUTHORIZATION, adminBearer()))
          .as(missing)
          .hasStatus(HttpStatus.NOT_FOUND)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }

  @Test
  void sessionsWhenUserGivenThenThatUsersActiveSessionsWithMetadata() {
    TestUser alice = createUser("user");
    LoggedIn laptop = login(alice, "203.0.113.7", "Laptop/1.0 (X11)");
    LoggedIn ended = login(alice);
    mvc.delete()
        .uri("/admin/sessions/" + ended.sid())
        .header(HttpHeaders.AUTHORIZATION, adminBearer())
        .exchange();
    login(createUser("user"));

    MvcTestResult result =
        mvc.get()
            .uri("/admin/sessions?user={user}", alice.username())
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .exchange();

    assertThat(result).hasStatus(HttpStatus.OK);
    String body = body(result);
    assertThat(JsonPath.<Integer>read(body, "$.total")).isEqualTo(1);
    assertThat(JsonPath.<Integer>read(body, "$.page")).isZero();
    assertThat(JsonPath.<Integer>read(body, "$.size")).isEqualTo(50);
    Map<String, Object> item = JsonPath.read(body, "$.items[0]");
    assertThat(item)
        .containsOnlyKeys(
            "sid", "userId", "username", "createdAt", "lastSeenAt", "expiresAt", "ip", "userAgent")
        .containsEntry("sid", laptop.sid().toString())
        .containsEntry("userId", alice.id().toString())
        .containsEntry("username", alice.username())
        .containsEntry("ip", "203.0.113.7")
        .containsEntry("userAgent", "Laptop/1.0 (X11)");
    assertThat(Instant.parse((String) item.get("expiresAt")))
        .isAfter(Instant.parse((String) item.get("createdAt")));
    assertThat(Instant.parse((String) item.get("lastSeenAt"))).isNotNull();
  }

  @Test
  void sessionsWhenNoUserThenEverybodysActiveSessionsPaginated() {
    TestUser alice = createUser("user");
    LoggedIn aliceSession = login(alice);
    LoggedIn bobSession = login(createUser("user"));

    String all =
        body(
            mvc.get()
                .uri("/admin/sessions?size=200")
                .header(HttpHeaders.AUTHORIZATION, adminBearer())
                .exchange());
    MvcTestResult firstOfOne =
        mvc.get()
            .uri("/admin/sessions?page=0&size=1")
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .exchange();

    int total = JsonPath.read(all, "$.total");
    assertThat(total).isGreaterThanOrEqualTo(3);
    assertThat(JsonPath.<List<String>>read(all, "$.items[*].sid"))
        .contains(aliceSession.sid().toString(), bobSession.sid().toString());
    assertThat(firstOfOne).bodyJson().extractingPath("$.items").asArray().hasSize(1);
    assertThat(firstOfOne).bodyJson().extractingPath("$.total").isEqualTo(total);
  }

  @Test
  void sessionsWhenUnknownUserThenNotFoundProblem() {
    assertThat(
            mvc.get()
                .uri("/admin/sessions?user=nobody-" + UUID.randomUUID().toString().substring(0, 8))
                .header(HttpHeaders.AUTHORIZATION, adminBearer()))
        .hasStatus(HttpStatus.NOT_FOUND)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void userActionsWhenUnknownUserThenNotFoundProblem() {
    String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
    for (String action : List.of("logout", "disable", "enable")) {
      assertThat(
              mvc.post()
                  .uri("/admin/users/{user}/{action}", nobody, action)
                  .header(HttpHeaders.AUTHORIZATION, adminBearer()))
          .as(action)
          .hasStatus(HttpStatus.NOT_FOUND)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        argumentSet("sid not a UUID", HttpMethod.DELETE, "/admin/sessions/not-a-uuid"),
        argumentSet("size above 200", HttpMethod.GET, "/admin/sessions?size=201"),
        argumentSet("size zero", HttpMethod.GET, "/admin/sessions?size=0"),
        argumentSet("negative page", HttpMethod.GET, "/admin/sessions?page=-1"),
        argumentSet("page not a number", HttpMethod.GET, "/admin/sessions?page=x"),
        argumentSet(
            "user longer than 64", HttpMethod.GET, "/admin/sessions?user=" + "u".repeat(65)),
        argumentSet("audit size above 200", HttpMethod.GET, "/admin/audit?size=500"),
        argumentSet("audit negative page", HttpMethod.GET, "/admin/audit?page=-3"),
        argumentSet(
            "reason longer than 64",
            HttpMethod.DELETE,
            "/admin/sessions/" + UUID.randomUUID() + "?reason=" + "r".repeat(65)),
        argumentSet(
            "reason with a line break",
            HttpMethod.POST,
            "/admin/users/someone/logout?reason=a%0D%0Aforged"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void adminApiWhenInputInvalidThenBadRequestProblemNeverServerError(
      HttpMethod method, String path) {
    // A URI, not a template: the test's percent-encoding must reach the server as written.
    assertThat(
            mvc.method(method)
                .uri(URI.create(path))
                .header(HttpHeaders.AUTHORIZATION, adminBearer()))
        .hasStatus(HttpStatus.BAD_REQUEST)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void userActionWhenFormOrTextBodyThenUnsupportedMediaTypeAndNothingChanged() {
    TestUser alice = createUser("user");
    LoggedIn session = login(alice);

    for (MediaType type :
        List.of(
            MediaType.APPLICATION_FORM_URLENCODED,
            MediaType.MULTIPART_FORM_DATA,
            MediaType.TEXT_PLAIN)) {
      assertThat(
              mvc.post()
                  .uri("/admin/users/{user}/logout", alice.username())
                  .header(HttpHeaders.AUTHORIZATION, adminBearer())
                  .contentType(type)
                  .content("x=1"))
          .as(type.toString())
          .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    assertThat(isActive(session)).isTrue();
    assertThat(
            mvc.post()
                .uri("/admin/users/{user}/logout", alice.username())
                .header(HttpHeaders.AUTHORIZATION, adminBearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
        .hasStatus(HttpStatus.OK);
  }

  @Test
  void disableWhenAdminThenSessionsInactiveAndLoginRefusedUntilEnabled() {
    TestUser alice = createUser("user");
    LoggedIn first = login(alice);
    LoggedIn second = login(alice);

    assertThat(
            mvc.post()
                .uri("/admin/users/{user}/disable", alice.username())
                .header(HttpHeaders.AUTHORIZATION, adminBearer()))
        .hasStatus(HttpStatus.OK)
        .bodyJson()
        .isStrictlyEqualTo("{\"revoked\":2}");

    assertThat(isActive(first)).isFalse();
    assertThat(isActive(second)).isFalse();
    MvcTestResult refused = jsonLogin(alice.username(), alice.password());
    MvcTestResult wrongPassword = jsonLogin(alice.username(), "not-the-password");
    assertThat(refused).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(refused.getResponse().getHeader(HttpHeaders.SET_COOKIE)).isNull();
    assertThat(body(refused)).isEqualTo(body(wrongPassword));
    assertThat(revocationReasons(first.sid())).containsExactly("user-disabled");

    assertThat(
            mvc.post()
                .uri("/admin/users/{user}/enable", alice.username())
                .header(HttpHeaders.AUTHORIZATION, adminBearer()))
        .hasStatus(HttpStatus.OK)
        .bodyJson()
        .isStrictlyEqualTo("{\"username\":\"%s\",\"enabled\":true}".formatted(alice.username()));

    assertThat(jsonLogin(alice.username(), alice.password())).hasStatus(HttpStatus.OK);
    assertThat(isActive(first)).as("sessions ended by disabling stay ended").isFalse();
    assertThat(auditOf(alice))
        .bodyJson()
        .extractingPath("$.items[*].action")
        .asArray()
        .containsExactly("enable-user", "disable-user");
  }

  @Test
  void disableWhenOwnAccountThenConflictAndNothingChanged() {
    assertThat(
            mvc.post()
                .uri("/admin/users/{user}/disable", admin.username())
                .header(HttpHeaders.AUTHORIZATION, adminBearer()))
        .hasStatus(HttpStatus.CONFLICT)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(isActive(adminSession)).isTrue();
    assertThat(jsonLogin(admin.username(), admin.password())).hasStatus(HttpStatus.OK);
  }

  @Test
  void auditWhenSeveralActionsThenNewestFirstAndPaginated() {
    TestUser alice = createUser("user");
    LoggedIn one = login(alice);
    login(alice);
    mvc.delete()
        .uri("/admin/sessions/" + one.sid())
        .header(HttpHeaders.AUTHORIZATION, adminBearer())
        .exchange();
    for (String action : List.of("logout", "disable", "enable")) {
      mvc.post()
          .uri("/admin/users/{user}/{action}", alice.username(), action)
          .header(HttpHeaders.AUTHORIZATION, adminBearer())
          .exchange();
    }

    MvcTestResult all = auditOf(alice);
    MvcTestResult second =
        mvc.get()
            .uri("/admin/audit?user={user}&page=1&size=1", alice.username())
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .exchange();
    MvcTestResult everybody =
        mvc.get()
            .uri("/admin/audit?size=2")
            .header(HttpHeaders.AUTHORIZATION, adminBearer())
            .exchange();

    assertThat(all)
        .bodyJson()
        .extractingPath("$.items[*].action")
        .asArray()
        .containsExactly("enable-user", "disable-user", "logout-user", "end-session");
    List<Integer> ids = JsonPath.read(body(all), "$.items[*].id");
    assertThat(ids).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    assertThat(second).bodyJson().extractingPath("$.items[0].action").isEqualTo("disable-user");
    assertThat(second).bodyJson().extractingPath("$.total").isEqualTo(4);
    assertThat(everybody).bodyJson().extractingPath("$.items[0].action").isEqualTo("enable-user");
    assertThat(everybody).bodyJson().extractingPath("$.items").asArray().hasSize(2);
  }

  private Target target() {
    TestUser user = createUser("user");
    return new Target(user, login(user));
  }

  private MvcTestResult call(Endpoint endpoint, Target target, String authorization) {
    var request = mvc.method(endpoint.method()).uri(endpoint.path().apply(target));
    if (authorization != null) {
      request.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    return request.exchange();
  }

  private String adminBearer() {
    return bearer(admin, adminSession, "user", "admin");
  }

  private MvcTestResult auditOf(TestUser user) {
    return mvc.get()
        .uri("/admin/audit?user={user}", user.username())
        .header(HttpHeaders.AUTHORIZATION, adminBearer())
        .exchange();
  }

  private long auditCount(TestUser user) {
    return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE target_user_id = ?")
        .param(user.id())
        .query(Long.class)
        .single();
  }

  private MvcTestResult jsonLogin(String username, String password) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password))
        .exchange();
  }
}
