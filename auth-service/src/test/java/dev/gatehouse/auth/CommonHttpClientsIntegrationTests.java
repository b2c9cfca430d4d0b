package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
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
 * Item 14 of issue 9: requests exactly as Python's {@code urllib} and Java's {@code
 * HttpURLConnection} send them. Both label a POST without a body {@code
 * application/x-www-form-urlencoded} ({@code Content-Length: 0}); {@code HttpURLConnection} also
 * sends {@code Accept: text/html, image/gif, image/jpeg, *; q=.2, *}{@code /*; q=.2} unless told
 * otherwise. An empty body is accepted whatever its declared type; an explicit {@code Accept} of
 * JSON decides the answer's form.
 */
class CommonHttpClientsIntegrationTests extends AbstractIntegrationTests {

  static final String URLLIB_FORM = "application/x-www-form-urlencoded";
  static final String HTTP_URL_CONNECTION_ACCEPT =
      "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2";

  private TestUser admin;
  private LoggedIn adminSession;
  private TestUser alice;
  private LoggedIn aliceSession;
  private LoggedIn aliceOtherSession;

  @BeforeEach
  void users() {
    admin = createUser("admin", "user");
    adminSession = login(admin);
    alice = createUser("user");
    aliceSession = login(alice);
    aliceOtherSession = login(alice);
  }

  /** A JSON API endpoint, called as {@code admin} or as {@code alice}. */
  record Endpoint(
      HttpMethod method,
      Function<CommonHttpClientsIntegrationTests, String> path,
      boolean asAdmin,
      HttpStatus success) {}

  static Stream<Arguments> emptyBodies() {
    List<Arguments.ArgumentSet> endpoints =
        List.of(
            argumentSet(
                "POST /admin/users/{u}/logout",
                new Endpoint(
                    HttpMethod.POST,
                    test -> "/admin/users/" + test.alice.username() + "/logout",
                    true,
                    HttpStatus.OK)),
            argumentSet(
                "POST /admin/users/{u}/disable",
                new Endpoint(
                    HttpMethod.POST,
                    test -> "/admin/users/" + test.alice.username() + "/disable",
                    true,
                    HttpStatus.OK)),
            argumentSet(
                "POST /admin/users/{u}/enable",
                new Endpoint(
                    HttpMethod.POST,
                    test -> "/admin/users/" + test.alice.username() + "/enable",
                    true,
                    HttpStatus.OK)),
            argumentSet(
                "DELETE /admin/sessions/{sid}",
                new Endpoint(
                    HttpMethod.DELETE,
                    test -> "/admin/sessions/" + test.aliceSession.sid(),
                    true,
                    HttpStatus.NO_CONTENT)),
            argumentSet(
                "DELETE /account/sessions/{sid}",
                new Endpoint(
                    HttpMethod.DELETE,
                    test -> "/account/sessions/" + test.aliceOtherSession.sid(),
                    false,
                    HttpStatus.NO_CONTENT)),
            argumentSet(
                "DELETE /account/sessions/others",
                new Endpoint(
                    HttpMethod.DELETE, test -> "/account/sessions/others", false, HttpStatus.OK)));
    List<Arguments.ArgumentSet> clients =
        List.of(
            argumentSet("urllib: form type, no Accept", URLLIB_FORM, null),
            argumentSet("urllib: form type, Accept JSON", URLLIB_FORM, "application/json"),
            argumentSet(
                "HttpURLConnection: form type, its default Accept",
                URLLIB_FORM,
                HTTP_URL_CONNECTION_ACCEPT),
            argumentSet(
                "form type with charset, Accept JSON",
                "application/x-www-form-urlencoded; charset=UTF-8",
                "application/json"),
            argumentSet("text/plain, Accept JSON", "text/plain", "application/json"),
            argumentSet("multipart/form-data, no Accept", "multipart/form-data; boundary=x", null));
    return endpoints.stream()
        .flatMap(
            endpoint ->
                clients.stream()
                    .map(
                        client ->
                            argumentSet(
                                endpoint.getName() + ", " + client.getName(),
                                endpoint.get()[0],
                                client.get()[0],
                                client.get()[1])));
  }

  @ParameterizedTest
  @MethodSource("emptyBodies")
  void jsonApiWhenEmptyBodyOfAnyDeclaredTypeThenAccepted(
      Endpoint endpoint, String contentType, @Nullable String accept) {
    TestUser caller = endpoint.asAdmin() ? admin : alice;
    LoggedIn session = endpoint.asAdmin() ? adminSession : aliceSession;
    MockMvcRequestBuilder request =
        mvc.method(endpoint.method())
            .uri(endpoint.path().apply(this))
            .header(HttpHeaders.AUTHORIZATION, bearer(caller, session, "admin", "user"))
            .header(HttpHeaders.CONTENT_TYPE, contentType)
            .content(new byte[0]);
    if (accept != null) {
      request.header(HttpHeaders.ACCEPT, accept);
    }

    MvcTestResult result = request.exchange();

    assertThat(result).hasStatus(endpoint.success());
    if (endpoint.success() == HttpStatus.OK) {
      assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON);
    }
  }

  @Test
  void jsonApiWhenNonEmptyFormBodyThenStillUnsupportedMediaTypeAndNothingChanged() {
    for (String type : List.of(URLLIB_FORM, "text/plain", "multipart/form-data; boundary=x")) {
      assertThat(
              mvc.post()
                  .uri("/admin/users/{user}/logout", alice.username())
                  .header(HttpHeaders.AUTHORIZATION, bearer(admin, adminSession, "admin", "user"))
                  .header(HttpHeaders.CONTENT_TYPE, type)
                  .accept(MediaType.APPLICATION_JSON)
                  .content("reason=forged"))
          .as(type)
          .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
    assertThat(isActive(aliceSession)).isTrue();
  }

  static Stream<Arguments> logouts() {
    return Stream.of(
        argumentSet("urllib: form type, Accept JSON", URLLIB_FORM, "application/json", 204),
        argumentSet("form type, Accept problem+json", URLLIB_FORM, "application/problem+json", 204),
        argumentSet(
            "form type, Accept JSON preferred over HTML",
            URLLIB_FORM,
            "application/json, text/html;q=0.9",
            204),
        argumentSet("text/plain, Accept JSON", "text/plain", "application/json", 204),
        argumentSet("no type, no Accept (curl)", null, null, 204),
        argumentSet("no type, Accept */*", null, "*/*", 204),
        argumentSet("urllib: form type, no Accept (a form post)", URLLIB_FORM, null, 303),
        argumentSet("form type, Accept */* (a form post)", URLLIB_FORM, "*/*", 303),
        argumentSet(
            "HttpURLConnection: form type, its default Accept",
            URLLIB_FORM,
            HTTP_URL_CONNECTION_ACCEPT,
            303),
        argumentSet(
            "browser form post",
            URLLIB_FORM,
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            303),
        argumentSet(
            "form type, HTML preferred over JSON",
            URLLIB_FORM,
            "text/html, application/json;q=0.5",
            303),
        argumentSet("form type, unparseable Accept (as absent)", URLLIB_FORM, "text/html;q=", 303),
        argumentSet("no type, unparseable Accept (as absent)", null, "garbage", 204));
  }

  @ParameterizedTest
  @MethodSource("logouts")
  void logoutWhenCommonClientThenAcceptDecidesTheAnswerAndSessionEnds(
      @Nullable String contentType, @Nullable String accept, int status) {
    MockMvcRequestBuilder request =
        mvc.post()
            .uri("/logout")
            .header(HttpHeaders.AUTHORIZATION, bearer(alice, aliceSession, "user"))
            .content(new byte[0]);
    if (contentType != null) {
      request.header(HttpHeaders.CONTENT_TYPE, contentType);
    }
    if (accept != null) {
      request.header(HttpHeaders.ACCEPT, accept);
    }

    MvcTestResult result = request.exchange();

    assertThat(result).hasStatus(status);
    if (status == 303) {
      assertThat(result).headers().hasValue(HttpHeaders.LOCATION, "/login");
    }
    assertThat(isActive(aliceSession)).isFalse();
    assertThat(isActive(aliceOtherSession)).isTrue();
  }
}
