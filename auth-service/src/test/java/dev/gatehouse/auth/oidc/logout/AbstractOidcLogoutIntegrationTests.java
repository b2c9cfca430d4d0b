package dev.gatehouse.auth.oidc.logout;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.oidc.logout.TestLogoutTokens.Builder;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The application with client registrations of a real OpenID provider (mock-oauth2-server over
 * HTTP, discovered at start): {@value #IDP} with RP-initiated logout on, {@value #OTHER} (another
 * issuer and client) without, and one whose JWKS cannot be reached. Subclasses share one context.
 */
abstract class AbstractOidcLogoutIntegrationTests extends AbstractIntegrationTests {

  static final String IDP = "idp";
  static final String OTHER = "other";
  static final String CLIENT_ID = "gatehouse-client";
  static final String OTHER_CLIENT_ID = "gatehouse-other";
  static final String CLIENT_SECRET = "a-client-secret-long-enough-for-hs256!";

  /** One provider for the context all subclasses share; it stops with the JVM. */
  static final TestLogoutTokens provider = new TestLogoutTokens();

  @DynamicPropertySource
  static void providers(DynamicPropertyRegistry registry) {
    registration(registry, IDP, CLIENT_ID);
    registry.add(
        "spring.security.oauth2.client.provider.idp.issuer-uri", () -> provider.issuer(IDP));
    registration(registry, OTHER, OTHER_CLIENT_ID);
    registry.add(
        "spring.security.oauth2.client.provider.other.issuer-uri", () -> provider.issuer(OTHER));
    // A provider whose JWKS cannot be reached (no discovery: explicit endpoints on a closed port).
    registration(registry, "unreachable", CLIENT_ID);
    String closed = "http://127.0.0.1:9/unreachable";
    registry.add(
        "spring.security.oauth2.client.provider.unreachable.authorization-uri",
        () -> closed + "/authorize");
    registry.add(
        "spring.security.oauth2.client.provider.unreachable.token-uri", () -> closed + "/token");
    registry.add(
        "spring.security.oauth2.client.provider.unreachable.jwk-set-uri", () -> closed + "/jwks");
    registry.add("gatehouse.oidc.logout.rp-initiated.idp.enabled", () -> "true");
  }

  private static void registration(DynamicPropertyRegistry registry, String id, String clientId) {
    String prefix = "spring.security.oauth2.client.registration." + id + ".";
    registry.add(prefix + "client-id", () -> clientId);
    registry.add(prefix + "client-secret", () -> CLIENT_SECRET);
    registry.add(prefix + "authorization-grant-type", () -> "authorization_code");
    registry.add(prefix + "redirect-uri", () -> "{baseUrl}/login/oauth2/code/{registrationId}");
    registry.add(prefix + "scope", () -> "openid");
  }

  Builder valid() {
    return provider.token(IDP, CLIENT_ID, clock.instant());
  }

  MvcTestResult post(String registrationId, String logoutToken) {
    return mvc.post()
        .uri("/logout/connect/back-channel/" + registrationId)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(Map.of("logout_token", logoutToken)))
        .exchange();
  }

  /** Links the user to a fresh subject at the provider, as the OIDC login does; returns it. */
  String linked(TestUser user) {
    String subject = "sub-" + UUID.randomUUID();
    jdbc.sql(
            "INSERT INTO user_identities (issuer, subject, user_id, registration_id, linked_at)"
                + " VALUES (?, ?, ?, ?, ?)")
        .params(provider.issuer(IDP), subject, user.id(), IDP, OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    return subject;
  }

  /** A session as an OIDC login through the provider session {@code idpSid} leaves it. */
  LoggedIn providerSession(TestUser user, String idpSid) {
    return providerSession(user, IDP, idpSid);
  }

  /** A session as an OIDC login through {@code issuerId}'s provider session {@code idpSid}. */
  LoggedIn providerSession(TestUser user, String issuerId, String idpSid) {
    LoggedIn session = login(user);
    jdbc.sql("UPDATE sessions SET idp_issuer = ?, idp_sid = ? WHERE sid = ?")
        .params(provider.issuer(issuerId), idpSid, session.sid())
        .update();
    return session;
  }
}
