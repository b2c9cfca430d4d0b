package dev.gatehouse.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The contract between OIDC login and back-channel logout, end to end at auth-service: a real login
 * through the provider records the provider's {@code sid} and links (issuer, {@code sub}); a logout
 * token the provider signs naming that {@code sid}, or only that {@code sub}, ends the Gatehouse
 * session the login created.
 */
class BackChannelLogoutAfterProviderLoginIntegrationTests extends AbstractOidcIntegrationTests {

  @Test
  void backChannelLogoutWhenTokenNamesTheLoginsProviderSessionThenThatSessionEnds() {
    String subject = TestIdentityProvider.randomSubject();
    String providerSession = "idp-bcl-" + UUID.randomUUID();
    PROVIDER.nextLogin(
        "idp",
        subject,
        Map.of(
            "preferred_username", OidcLoginIntegrationTests.newUsername(), "sid", providerSession));
    String token = newSessionToken(signIn("idp", "/"));
    assertThat(active(token)).isTrue();

    MvcTestResult answer = backChannelLogout(Map.of("sid", providerSession));

    assertThat(answer).hasStatus(HttpStatus.OK);
    assertThat(active(token)).isFalse();
  }

  @Test
  void backChannelLogoutWhenTokenNamesOnlyTheSubjectThenTheLinkedUsersSessionEnds() {
    String subject = TestIdentityProvider.randomSubject();
    PROVIDER.nextLogin(
        "idp", subject, Map.of("preferred_username", OidcLoginIntegrationTests.newUsername()));
    String token = newSessionToken(signIn("idp", "/"));

    MvcTestResult answer = backChannelLogout(Map.of("sub", subject));

    assertThat(answer).hasStatus(HttpStatus.OK);
    assertThat(active(token)).isFalse();
  }

  private MvcTestResult backChannelLogout(Map<String, Object> names) {
    Map<String, Object> claims = new java.util.LinkedHashMap<>(names);
    claims.put("iss", PROVIDER.issuer("idp"));
    claims.put("aud", TestIdentityProvider.CLIENT_ID);
    claims.put("iat", Instant.now().getEpochSecond());
    claims.put("jti", UUID.randomUUID().toString());
    claims.put("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
    String logoutToken = PROVIDER.signedByProvider("idp", claims);
    return mvc.post()
        .uri("/logout/connect/back-channel/idp")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(Map.of("logout_token", logoutToken)))
        .exchange();
  }

  private boolean active(String sessionToken) {
    return Boolean.TRUE.equals(JsonPath.read(body(introspect(sessionToken)), "$.active"));
  }
}
