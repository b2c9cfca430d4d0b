package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.TestJwts;
import java.util.List;
import java.util.Map;
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
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Item 13 of issue 9: the gateway's Origin / Fetch-Metadata rule on auth-service itself, for
 * browsers that reach its port directly. Every state-changing request but the client-authenticated
 * internal endpoints; no bearer exemption (the gateway relays every request with its JWT).
 */
class CrossSiteRequestIntegrationTests extends AbstractIntegrationTests {

  /** auth-service's own authority, as the gateway's relayed requests and direct ones name it. */
  static final String HOST = "auth.internal:9000";

  static final String FOREIGN = "https://evil.example";

  private TestUser admin;
  private LoggedIn adminSession;
  private TestUser alice;
  private LoggedIn aliceSession;

  @BeforeEach
  void users() {
    admin = createUser("admin", "user");
    adminSession = login(admin);
    alice = createUser("user");
    aliceSession = login(alice);
  }

  /** One request: what is sent, by whom, and how a same-origin one is answered. */
  record Call(
      HttpMethod method,
      Function<CrossSiteRequestIntegrationTests, String> path,
      Function<CrossSiteRequestIntegrationTests, String> body,
      MediaType contentType,
      boolean adminToken,
      HttpStatus normally) {}

  static final Call FORM_LOGIN =
      new Call(
          HttpMethod.POST,
          test -> "/login",
          test ->
              form(Map.of("username", test.alice.username(), "password", test.alice.password())),
          MediaType.APPLICATION_FORM_URLENCODED,
          false,
          HttpStatus.SEE_OTHER);
  static final Call JSON_LOGIN =
      new Call(
          HttpMethod.POST,
          test -> "/login",
          test ->
              "{\"username\":\"%s\",\"password\":\"%s\"}"
                  .formatted(test.alice.username(), test.alice.password()),
          MediaType.APPLICATION_JSON,
          false,
          HttpStatus.OK);
  static final Call LOGOUT =
      new Call(
          HttpMethod.POST,
          test -> "/logout",
          test -> "",
          MediaType.APPLICATION_FORM_URLENCODED,
          false,
          HttpStatus.SEE_OTHER);
  static final Call ADMIN_END_SESSION =
      new Call(
          HttpMethod.DELETE,
          test -> "/admin/sessions/" + test.aliceSession.sid(),
          test -> "",
          MediaType.APPLICATION_JSON,
          true,
          HttpStatus.NO_CONTENT);
  static final Call ADMIN_LOGOUT_USER =
      new Call(
          HttpMethod.POST,
          test -> "/admin/users/" + test.alice.username() + "/logout",
          test -> "",
          MediaType.APPLICATION_JSON,
          true,
          HttpStatus.OK);
  static final Call ACCOUNT_END_OTHERS =
      new Call(
          HttpMethod.DELETE,
          test -> "/account/sessions/others",
          test -> "",
          MediaType.APPLICATION_JSON,
          true,
          HttpStatus.OK);

  static Stream<Arguments> crossSite() {
    return Stream.of(
        argumentSet(
            "form POST /login, foreign Origin", FORM_LOGIN, Map.of("Origin", List.of(FOREIGN))),
        argumentSet(
            "form POST /login, Sec-Fetch-Site: cross-site",
            FORM_LOGIN,
            Map.of("Sec-Fetch-Site", List.of("cross-site"))),
        argumentSet(
            "form POST /login, cross-site with the issuer's Origin",
            FORM_LOGIN,
            Map.of("Origin", List.of(TestJwts.ISSUER), "Sec-Fetch-Site", List.of("cross-site"))),
        argumentSet(
            "form POST /login, Origin: null", FORM_LOGIN, Map.of("Origin", List.of("null"))),
        argumentSet(
            "form POST /login, Origin: null, Sec-Fetch-Site: same-site",
            FORM_LOGIN,
            Map.of("Origin", List.of("null"), "Sec-Fetch-Site", List.of("same-site"))),
        argumentSet(
            "form POST /login, two Origin headers",
            FORM_LOGIN,
            Map.of("Origin", List.of("http://" + HOST, FOREIGN))),
        argumentSet(
            "form POST /login, Origin of another port",
            FORM_LOGIN,
            Map.of("Origin", List.of("http://auth.internal:9001"))),
        argumentSet(
            "form POST /login, Origin with the host as a user-info prefix",
            FORM_LOGIN,
            Map.of("Origin", List.of("http://" + HOST + "@evil.example"))),
        argumentSet(
            "JSON POST /login, Sec-Fetch-Site: cross-site",
            JSON_LOGIN,
            Map.of("Sec-Fetch-Site", List.of("cross-site"))),
        argumentSet(
            "JSON POST /login, foreign Origin", JSON_LOGIN, Map.of("Origin", List.of(FOREIGN))),
        argumentSet(
            "POST /logout, Sec-Fetch-Site: cross-site",
            LOGOUT,
            Map.of("Sec-Fetch-Site", List.of("cross-site"))),
        argumentSet(
            "admin DELETE /admin/sessions/{sid}, cross-site, valid admin JWT",
            ADMIN_END_SESSION,
            Map.of("Origin", List.of(FOREIGN), "Sec-Fetch-Site", List.of("cross-site"))),
        argumentSet(
            "admin POST /admin/users/{u}/logout, foreign Origin, valid admin JWT",
            ADMIN_LOGOUT_USER,
            Map.of("Origin", List.of(FOREIGN))),
        argumentSet(
            "DELETE /account/sessions/others, Sec-Fetch-Site: cross-site, valid JWT",
            ACCOUNT_END_OTHERS,
            Map.of("Sec-Fetch-Site", List.of("cross-site"))));
  }

  @ParameterizedTest
  @MethodSource("crossSite")
  void stateChangingRequestWhenCrossSiteThenForbiddenProblemAndNothingChanged(
      Call call, Map<String, List<String>> headers) {
    MvcTestResult result = send(call, headers);

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("cross_site_request");
    assertThat(result).headers().doesNotContainHeader(HttpHeaders.SET_COOKIE);
    assertThat(isActive(aliceSession)).isTrue();
    assertThat(isActive(adminSession)).isTrue();
  }

  static Stream<Arguments> sameOrigin() {
    List<Call> calls =
        List.of(
            FORM_LOGIN,
            JSON_LOGIN,
            LOGOUT,
            ADMIN_END_SESSION,
            ADMIN_LOGOUT_USER,
            ACCOUNT_END_OTHERS);
    List<Arguments.ArgumentSet> origins =
        List.of(
            argumentSet("neither header (curl, servers)", Map.of()),
            argumentSet(
                "Origin of the request's own Host", Map.of("Origin", List.of("http://" + HOST))),
            argumentSet(
                "the issuer's Origin (relayed by the gateway)",
                Map.of(
                    "Origin", List.of(TestJwts.ISSUER), "Sec-Fetch-Site", List.of("same-origin"))),
            argumentSet("the gateway URL's Origin", Map.of("Origin", List.of("gateway-url"))),
            argumentSet("a configured allowed Origin", Map.of("Origin", List.of(ALLOWED_ORIGIN))),
            argumentSet(
                "Origin: null with Sec-Fetch-Site: same-origin",
                Map.of("Origin", List.of("null"), "Sec-Fetch-Site", List.of("same-origin"))),
            argumentSet(
                "Sec-Fetch-Site: same-site, no Origin",
                Map.of("Sec-Fetch-Site", List.of("same-site"))),
            argumentSet(
                "Sec-Fetch-Site: none (typed by the user)",
                Map.of("Sec-Fetch-Site", List.of("none"))));
    return calls.stream()
        .flatMap(
            call ->
                origins.stream()
                    .map(
                        origin ->
                            argumentSet(
                                call.method() + " " + name(call) + ", " + origin.getName(),
                                call,
                                origin.get()[0])));
  }

  @ParameterizedTest
  @MethodSource("sameOrigin")
  void stateChangingRequestWhenSameOriginOrNoBrowserThenNormalAnswer(
      Call call, Map<String, List<String>> headers) {
    assertThat(send(call, headers)).hasStatus(call.normally());
  }

  @Test
  void getWhenCrossSiteThenNotChecked() {
    assertThat(
            mvc.get()
                .uri("/login")
                .header(HttpHeaders.HOST, HOST)
                .header("Sec-Fetch-Site", "cross-site")
                .header(HttpHeaders.ORIGIN, FOREIGN))
        .hasStatus(HttpStatus.OK);
  }

  @Test
  void introspectionWhenCrossSiteHeadersThenNotChecked() {
    assertThat(
            mvc.post()
                .uri("/oauth2/introspect")
                .header(HttpHeaders.HOST, HOST)
                .header(HttpHeaders.AUTHORIZATION, clientCredentials())
                .header("Sec-Fetch-Site", "cross-site")
                .header(HttpHeaders.ORIGIN, FOREIGN)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content(form(Map.of("token", aliceSession.token()))))
        .hasStatus(HttpStatus.OK)
        .bodyJson()
        .extractingPath("$.active")
        .isEqualTo(true);
  }

  private MvcTestResult send(Call call, Map<String, List<String>> headers) {
    MockMvcRequestBuilder request =
        mvc.method(call.method())
            .uri(call.path().apply(this))
            .header(HttpHeaders.HOST, HOST)
            .contentType(call.contentType())
            .content(call.body().apply(this));
    if (call.adminToken()) {
      request.header(HttpHeaders.AUTHORIZATION, bearer(admin, adminSession, "admin", "user"));
    }
    headers.forEach(
        (name, values) ->
            values.forEach(
                value ->
                    request.header(
                        name, "gateway-url".equals(value) ? TestJwts.get().gatewayUrl() : value)));
    return request.exchange();
  }

  private static String name(Call call) {
    if (call == FORM_LOGIN) {
      return "/login (form)";
    }
    if (call == JSON_LOGIN) {
      return "/login (JSON)";
    }
    if (call == LOGOUT) {
      return "/logout";
    }
    if (call == ADMIN_END_SESSION) {
      return "/admin/sessions/{sid}";
    }
    if (call == ADMIN_LOGOUT_USER) {
      return "/admin/users/{u}/logout";
    }
    return "/account/sessions/others";
  }
}
