package dev.gatehouse.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractMfaIntegrationTests;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * OpenID Connect login against a real provider over HTTP ({@link TestIdentityProvider}): the
 * session, provisioning, linking, role mapping and assurance. Registrations: {@code idp}
 * (auto-provision, {@code gh-admins} mapped to admin), {@code closed} (no auto-provision). MFA is
 * required for admins, as shipped.
 */
@TestPropertySource(
    properties = {
      "gatehouse.oidc.providers.idp.auto-provision=true",
      "gatehouse.oidc.providers.idp.role-mapping.gh-admins=admin",
    })
class OidcLoginIntegrationTests extends AbstractMfaIntegrationTests {

  static final TestIdentityProvider PROVIDER = new TestIdentityProvider();

  @DynamicPropertySource
  static void providers(DynamicPropertyRegistry registry) {
    PROVIDER.register(registry, "idp");
    PROVIDER.register(registry, "closed");
  }

  @AfterAll
  static void stopProvider() {
    PROVIDER.shutdown();
  }

  @Test
  void loginWhenProviderVouchesThenSessionCreatedAndBrowserSentToTheRequestedPage() {
    String subject = TestIdentityProvider.randomSubject();
    String username = "oidc-" + UUID.randomUUID().toString().substring(0, 8);
    PROVIDER.nextLogin(
        "idp", subject, Map.of("preferred_username", username, "name", "Ada L", "sid", "idp-s1"));

    MvcTestResult answer = signIn("idp", "/notes?x=1");

    assertThat(answer).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(answer.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo("/notes?x=1");
    String token = newSessionToken(answer);
    String introspection = body(introspect(token));
    assertThat((Boolean) JsonPath.read(introspection, "$.active")).isTrue();
    assertThat((String) JsonPath.read(introspection, "$.username")).isEqualTo(username);
    assertThat((List<String>) JsonPath.read(introspection, "$.roles")).containsExactly("user");
    assertThat((List<String>) JsonPath.read(introspection, "$.amr"))
        .containsExactly(ProviderAssurance.UNSPECIFIED);
    UUID userId = UUID.fromString(JsonPath.read(introspection, "$.sub"));
    Map<String, Object> session =
        jdbc.sql("SELECT idp_issuer, idp_sid FROM sessions WHERE user_id = ?")
            .param(userId)
            .query()
            .singleRow();
    assertThat(session)
        .containsEntry("idp_issuer", PROVIDER.issuer("idp"))
        .containsEntry("idp_sid", "idp-s1");
    assertThat(auditActions(userId)).containsExactly("oidc-provision", "oidc-link");
  }

  /** Begin at auth-service, sign in at the provider, come back: the provider's last answer. */
  MvcTestResult signIn(String registration, String next) {
    return mvc.get()
        .uri(URI.create("http://localhost" + providerCallback(registration, next)))
        .exchange();
  }

  String providerCallback(String registration, String next) {
    MvcTestResult start =
        mvc.get()
            .uri(
                URI.create(
                    "http://localhost/oauth2/authorization/"
                        + registration
                        + "?next="
                        + formEncode(next)))
            .exchange();
    assertThat(start).hasStatus(HttpStatus.FOUND);
    String authorization = start.getResponse().getHeader(HttpHeaders.LOCATION);
    assertThat(authorization)
        .startsWith(PROVIDER.issuer(registration))
        .contains("code_challenge=", "code_challenge_method=S256", "nonce=", "state=");
    return PROVIDER.authorize(authorization);
  }
}
