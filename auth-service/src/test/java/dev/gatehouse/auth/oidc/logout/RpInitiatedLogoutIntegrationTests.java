package dev.gatehouse.auth.oidc.logout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.TestJwts;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * RP-initiated logout: Gatehouse logout of a session that came from a provider with {@code
 * rp-initiated.<id>.enabled} revokes the session first, then sends the browser to the provider's
 * {@code end_session_endpoint} (read from the real provider's discovery document) with {@code
 * client_id} and {@code post_logout_redirect_uri}; every other logout stays local.
 */
class RpInitiatedLogoutIntegrationTests extends AbstractOidcLogoutIntegrationTests {

  @Test
  void logoutWhenSessionCameFromProviderWithRpInitiatedLogoutThenRevokedAndSentToEndSession() {
    TestUser user = createUser();
    LoggedIn session = providerSession(user, "idp-session-rp");

    MvcTestResult result = browserLogout(user, session);

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(isActive(session)).isFalse();
    UriComponents location = location(result);
    assertThat(location.toUriString()).startsWith(provider.endSessionEndpoint(IDP) + "?");
    MultiValueMap<String, String> query = location.getQueryParams();
    assertThat(query.toSingleValueMap())
        .containsOnlyKeys("client_id", "post_logout_redirect_uri")
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("post_logout_redirect_uri", decodedForm(TestJwts.ISSUER + "/login"));
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result).headers().hasValue("Clear-Site-Data", "\"cache\", \"storage\"");
  }

  @Test
  void logoutWhenPasswordSessionThenSentToLoginPage() {
    TestUser user = createUser();
    LoggedIn session = login(user);

    MvcTestResult result = browserLogout(user, session);

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(result).headers().hasValue(HttpHeaders.LOCATION, "/login");
    assertThat(isActive(session)).isFalse();
  }

  @Test
  void logoutWhenProviderWithoutRpInitiatedLogoutThenSentToLoginPage() {
    TestUser user = createUser();
    LoggedIn session = providerSession(user, OTHER, "other-session-rp");

    MvcTestResult result = browserLogout(user, session);

    assertThat(result).headers().hasValue(HttpHeaders.LOCATION, "/login");
    assertThat(isActive(session)).isFalse();
  }

  @Test
  void logoutWhenApiCallerThenNoContentAndNoRedirect() {
    TestUser user = createUser();
    LoggedIn session = providerSession(user, "idp-session-api");

    MvcTestResult result =
        mvc.post()
            .uri("/logout")
            .header(HttpHeaders.AUTHORIZATION, bearer(user, session))
            .accept(MediaType.APPLICATION_JSON)
            .exchange();

    assertThat(result).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(result).headers().doesNotContainHeader(HttpHeaders.LOCATION);
    assertThat(isActive(session)).isFalse();
  }

  private MvcTestResult browserLogout(TestUser user, LoggedIn session) {
    return mvc.post()
        .uri("/logout")
        .header(HttpHeaders.AUTHORIZATION, bearer(user, session))
        .accept(MediaType.TEXT_HTML)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .exchange();
  }

  private static UriComponents location(MvcTestResult result) {
    String location = result.getResponse().getHeader(HttpHeaders.LOCATION);
    assertThat(location).isNotNull();
    return UriComponentsBuilder.fromUri(URI.create(location)).build();
  }

  /** UriComponents keeps query values encoded: compare with the encoded form. */
  private static String decodedForm(String value) {
    return UriComponentsBuilder.newInstance()
        .queryParam("v", value)
        .encode()
        .build()
        .getQueryParams()
        .getFirst("v");
  }
}
