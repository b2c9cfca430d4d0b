package dev.gatehouse.auth.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.protocol.SessionBinding;
import dev.gatehouse.testsupport.dbsc.DbscClient;
import dev.gatehouse.testsupport.dbsc.DbscHeaders;
import dev.gatehouse.testsupport.dbsc.DbscResponse;
import jakarta.servlet.http.Cookie;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * auth-service with DBSC on, and a browser's view of it: a login that keeps the registration
 * header, and {@link DbscClient.Exchange}s over MockMvc that send the session cookie (as a browser
 * reaching auth-service directly does) or the gateway's JWT (as the gateway's binding route does).
 */
@TestPropertySource(properties = "gatehouse.binding.enabled=true")
abstract class AbstractBindingIntegrationTests extends AbstractIntegrationTests {

  static final String BOUND_COOKIE = SessionBinding.DEFAULT_COOKIE_NAME;

  /** A login through the JSON API, with what DBSC needs of its answer. */
  Browser loginBrowser() {
    TestUser user = createUser("user");
    MvcTestResult result =
        mvc.post()
            .uri("/login")
            .contentType(MediaType.APPLICATION_JSON)
            .content(
                "{\"username\":\"%s\",\"password\":\"%s\"}"
                    .formatted(user.username(), user.password()))
            .exchange();
    assertThat(result).hasStatus(HttpStatus.OK);
    String sid = JsonPath.read(body(result), "$.sid");
    return new Browser(
        user,
        new LoggedIn(sessionCookieValue(result), UUID.fromString(sid)),
        result.getResponse().getHeader(SessionBinding.REGISTRATION_HEADER));
  }

  /** POSTs with the session cookie of {@code browser} (and nothing else). */
  DbscClient.Exchange direct(Browser browser) {
    return (path, headers) -> post(path, headers, browser.session().token(), null);
  }

  /** POSTs as the gateway relays: its JWT for the session, no session cookie. */
  DbscClient.Exchange throughGateway(Browser browser) {
    return (path, headers) ->
        post(path, headers, null, bearer(browser.user(), browser.session(), "user"));
  }

  /** POSTs with no session at all (a refresh by the proof alone). */
  DbscClient.Exchange anonymous() {
    return (path, headers) -> post(path, headers, null, null);
  }

  DbscResponse post(
      String path,
      Map<String, String> headers,
      @Nullable String sessionCookie,
      @Nullable String authorization) {
    var request = mvc.post().uri(path);
    headers.forEach(request::header);
    if (sessionCookie != null) {
      request.cookie(new Cookie("GATEHOUSE_SESSION", sessionCookie));
    }
    if (authorization != null) {
      request.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    return response(request.exchange());
  }

  static DbscResponse response(MvcTestResult result) {
    MockHttpServletResponse response = result.getResponse();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : response.getHeaderNames()) {
      headers.put(name, new ArrayList<>(response.getHeaders(name)));
    }
    return new DbscResponse(response.getStatus(), headers, body(result));
  }

  /** Introspects {@code browser}'s session with a bound credential (or none). */
  MvcTestResult introspect(Browser browser, @Nullable String boundCredential) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("token", browser.session().token());
    if (boundCredential != null) {
      fields.put(SessionBinding.INTROSPECTION_PARAMETER, boundCredential);
    }
    return mvc.post()
        .uri("/oauth2/introspect")
        .header(HttpHeaders.AUTHORIZATION, clientCredentials())
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(fields))
        .exchange();
  }

  /** Registers {@code client} for {@code browser}'s session with the login's challenge. */
  DbscResponse register(DbscClient client, Browser browser) {
    return client.register(direct(browser), browser.registration());
  }

  List<String> auditReasons(UUID sid, String action) {
    return jdbc.sql(
            """
            SELECT a.reason FROM audit_log a JOIN audit_log_sessions s ON s.audit_id = a.id
            WHERE s.sid = ? AND a.action = ? ORDER BY a.id
            """)
        .params(sid, action)
        .query(String.class)
        .list();
  }

  static String problemError(DbscResponse response) {
    return JsonPath.read(response.body(), "$.error");
  }

  /**
   * A logged-in browser.
   *
   * @param registrationHeader the login's {@code Secure-Session-Registration}, if any
   */
  record Browser(TestUser user, LoggedIn session, @Nullable String registrationHeader) {

    DbscHeaders.Registration registration() {
      return DbscHeaders.registration(Objects.requireNonNull(registrationHeader));
    }
  }

  static <T> T get(java.util.concurrent.Future<T> future) {
    try {
      return future.get();
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }
}
