package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractIntegrationTests;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The resource-server chain ({@code /logout}, {@code /account/**}, {@code /admin/**}) while the
 * gateway's JWKS cannot be fetched: a well-formed token that cannot be checked is a 503 with {@code
 * Retry-After} and {@code "error": "temporarily_unavailable"} within the JWKS client's timeouts
 * (Spring Security's Nimbus defaults, 500 ms connect and read; the ceiling here is 10 s), never
 * Spring's 500; a malformed token is still a 401. Each subclass makes the JWKS fail its own way.
 */
abstract class AbstractKeysUnavailableIntegrationTests extends AbstractIntegrationTests {

  private static final Duration CEILING = Duration.ofSeconds(10);

  @Test
  void accountApiWhenKeysUnavailableThen503ProblemWithRetryAfter() {
    TestUser user = createUser();
    LoggedIn session = login(user);

    MvcTestResult result =
        bounded(
            () ->
                mvc.get()
                    .uri("/account/sessions")
                    .header(HttpHeaders.AUTHORIZATION, bearer(user, session))
                    .exchange());

    assertTemporarilyUnavailable(result);
  }

  @Test
  void logoutWhenKeysUnavailableThen503AndTheSessionStaysUntilRetried() {
    TestUser user = createUser();
    LoggedIn session = login(user);

    MvcTestResult result =
        bounded(
            () ->
                mvc.post()
                    .uri("/logout")
                    .header(HttpHeaders.AUTHORIZATION, bearer(user, session))
                    .exchange());

    assertTemporarilyUnavailable(result);
    assertThat(isActive(session)).as("nothing half-done: the client retries").isTrue();
  }

  @Test
  void accountApiWhenKeysUnavailableAndTokenMalformedThenStill401() {
    MvcTestResult result =
        bounded(
            () ->
                mvc.get()
                    .uri("/account/sessions")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer not-a-jwt")
                    .exchange());

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE))
        .contains("invalid_token");
  }

  private static void assertTemporarilyUnavailable(MvcTestResult result) {
    assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "5");
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result.getResponse().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("temporarily_unavailable");
    assertThat(JsonPath.<Integer>read(body(result), "$.status")).isEqualTo(503);
  }

  private static MvcTestResult bounded(java.util.function.Supplier<MvcTestResult> request) {
    return assertTimeoutPreemptively(CEILING, request::get);
  }
}
