package dev.gatehouse.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.protocol.Assurance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Route metadata {@code gatehouse.mfa: required} (the shipped {@code /admin} route): a session
 * without {@code otp} in its {@code amr} is refused before the upstream is called, as RFC 9470 says
 * for APIs and with a detour through auth-service's step-up page for browser navigations; a session
 * with it passes and its token carries {@code amr} and {@code acr}. WireMock stands in for
 * auth-service so the introspection answer can say either.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class StepUpIntegrationTests {

  static final WireMockServer authService =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

  static {
    authService.start();
  }

  @Autowired WebTestClient client;

  @DynamicPropertySource
  static void upstreams(DynamicPropertyRegistry registry) {
    registry.add("gatehouse.upstream.auth-service", authService::baseUrl);
  }

  @AfterAll
  static void stop() {
    authService.stop();
  }

  @BeforeEach
  void reset() {
    authService.resetAll();
    authService.stubFor(any(anyUrl()).willReturn(okJson("[]")));
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .willReturn(okJson("{\"events\":[],\"next\":0}")));
  }

  @Test
  void apiRequestWhenPasswordOnlySessionOnMfaRouteThen401InsufficientUserAuthentication() {
    String token = sessionOf(TestSession.admin().authenticatedWith(Assurance.PASSWORD_ONLY));

    client
        .get()
        .uri("/admin/sessions")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .value(
            HttpHeaders.WWW_AUTHENTICATE,
            challenge ->
                assertThat(challenge)
                    .startsWith("Bearer ")
                    .contains("error=\"insufficient_user_authentication\"")
                    .contains("error_description=\"")
                    .contains("acr_values=\"urn:gatehouse:acr:mfa\""))
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("insufficient_user_authentication")
        .jsonPath("$.status")
        .isEqualTo(401);
    authService.verify(0, getRequestedFor(urlPathEqualTo("/admin/sessions")));
  }

  @Test
  void navigationWhenPasswordOnlySessionOnMfaRouteThenRedirectedToStepUpWithNext() {
    String token = sessionOf(TestSession.admin().authenticatedWith(Assurance.PASSWORD_ONLY));

    client
        .get()
        .uri("/admin?user=alice")
        .accept(MediaType.TEXT_HTML)
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .location("/account/step-up?next=%2Fadmin%3Fuser%3Dalice");
    authService.verify(0, getRequestedFor(urlPathEqualTo("/admin")));
  }

  @Test
  void requestWhenSessionPassedOtpThenRelayedWithAmrAndAcrInToken() throws Exception {
    String token = sessionOf(TestSession.admin());

    client
        .get()
        .uri("/admin/sessions")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isOk();

    String authorization =
        authService
            .findAll(getRequestedFor(urlPathEqualTo("/admin/sessions")))
            .get(0)
            .getHeader(HttpHeaders.AUTHORIZATION);
    JWTClaimsSet claims =
        SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
    assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp");
    assertThat(claims.getStringClaim("acr")).isEqualTo(Assurance.ACR_MFA);
  }

  @Test
  void requestWhenPasswordOnlySessionOnRouteWithoutMfaThenRelayedWithPasswordAcr()
      throws Exception {
    String token = sessionOf(TestSession.admin().authenticatedWith(Assurance.PASSWORD_ONLY));

    client
        .get()
        .uri("/account")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isOk();

    String authorization =
        authService
            .findAll(getRequestedFor(urlPathEqualTo("/account")))
            .get(0)
            .getHeader(HttpHeaders.AUTHORIZATION);
    JWTClaimsSet claims =
        SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
    assertThat(claims.getStringListClaim("amr")).containsExactly("pwd");
    assertThat(claims.getStringClaim("acr")).isEqualTo(Assurance.ACR_PASSWORD);
  }

  @Test
  void requestWhenMissingRoleAndNoOtpThen403NotStepUp() {
    String token = sessionOf(TestSession.alice());

    client
        .get()
        .uri("/admin/sessions")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  private static String sessionOf(TestSession session) {
    String token = TestSessions.newToken();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(session.introspectionJson())));
    return token;
  }
}
