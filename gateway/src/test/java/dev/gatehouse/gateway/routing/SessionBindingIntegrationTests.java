package dev.gatehouse.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.protocol.IntrospectionResponse;
import dev.gatehouse.protocol.SessionBinding;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Device-bound sessions (DBSC) through the shipped routes, with WireMock standing in for
 * auth-service (so its answer can say bound, unverified or not bound) and for the backend (so what
 * reaches it can be inspected): the bound-credential cookie goes to the introspection and never to
 * a backend, a proven binding reaches the backend as {@code dbsc.jkt}, a bound session without its
 * credential is refused on the demo-backend route ({@code binding: preferred}) but not locked out
 * of the login page, and the {@code session-binding} route carries the DBSC headers both ways.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class SessionBindingIntegrationTests {

  static final TestUpstreams upstreams = new TestUpstreams();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String JKT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  @Autowired WebTestClient client;

  final String token = TestSessions.newToken();
  final String sid = UUID.randomUUID().toString();
  final String boundCredential = "bc." + UUID.randomUUID();

  @DynamicPropertySource
  static void upstreams(DynamicPropertyRegistry registry) {
    upstreams.register(registry);
  }

  @AfterAll
  static void stop() {
    upstreams.stop();
  }

  @BeforeEach
  void reset() {
    upstreams.reset();
  }

  @Test
  void requestWhenBoundCredentialValidThenRelayedWithDbscJktAndNeitherCookieReachesTheBackend()
      throws Exception {
    answers(boundCredential, SessionBinding.BOUND);

    client
        .get()
        .uri("/api/me")
        .header(
            HttpHeaders.COOKIE,
            "theme=dark; GATEHOUSE_SESSION=" + token + "; GATEHOUSE_BOUND=" + boundCredential)
        .exchange()
        .expectStatus()
        .isOk();

    LoggedRequest introspection =
        upstreams.authService.findAll(postRequestedFor(urlEqualTo("/oauth2/introspect"))).get(0);
    assertThat(introspection.getBodyAsString())
        .isEqualTo("token=" + token + "&bound_credential=" + boundCredential);
    LoggedRequest upstream = upstreams.backendRequests().get(0);
    assertThat(upstream.getHeader(HttpHeaders.COOKIE)).isEqualTo("theme=dark");
    JWTClaimsSet claims = claimsRelayedTo(upstream);
    assertThat(claims.getJSONObjectClaim("dbsc")).isEqualTo(Map.of("jkt", JKT));
    assertThat(claims.getStringClaim("sid")).isEqualTo(sid);
  }

  @Test
  void apiRequestWhenBoundSessionWithoutItsCredentialThen401BindingRequired() {
    answers(null, SessionBinding.UNVERIFIED);

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\"")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("binding_required");
    assertThat(upstreams.backendRequests()).isEmpty();
  }

  @Test
  void navigationWhenBoundSessionWithAnExpiredCredentialThenSentToLoginLikeAnExpiredSession() {
    answers(boundCredential, SessionBinding.UNVERIFIED);

    client
        .get()
        .uri("/?tab=notes")
        .accept(MediaType.TEXT_HTML)
        .cookie("GATEHOUSE_SESSION", token)
        .cookie("GATEHOUSE_BOUND", boundCredential)
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .location("/login?next=%2F%3Ftab%3Dnotes");
    assertThat(upstreams.backendRequests()).isEmpty();
  }

  @Test
  void loginPageWhenBoundSessionWithoutItsCredentialThenServedAnonymous() {
    answers(null, SessionBinding.UNVERIFIED);
    upstreams.authService.stubFor(
        any(urlPathEqualTo("/login")).willReturn(aResponse().withStatus(200).withBody("login")));

    client
        .get()
        .uri("/login")
        .accept(MediaType.TEXT_HTML)
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isOk();

    LoggedRequest login = upstreams.authService.findAll(anyRequestTo("/login")).get(0);
    assertThat(login.getHeader(HttpHeaders.AUTHORIZATION))
        .as("no token minted for a session that does not count here")
        .isNull();
  }

  @Test
  void requestWhenSessionNotBoundThenPassesWithoutDbscClaim() throws Exception {
    answers(null, null);

    client.get().uri("/api/me").cookie("GATEHOUSE_SESSION", token).exchange().expectStatus().isOk();

    assertThat(claimsRelayedTo(upstreams.backendRequests().get(0)).getClaim("dbsc")).isNull();
  }

  @Test
  void sessionBindingRouteWhenRefreshThenDbscHeadersReachAuthServiceAndItsAnswerComesBack()
      throws Exception {
    answers(null, SessionBinding.UNVERIFIED);
    upstreams.authService.stubFor(
        post(urlEqualTo(SessionBinding.REFRESH_PATH))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader(SessionBinding.CHALLENGE_HEADER, "\"c-1\";id=\"" + sid + "\"")));

    client
        .post()
        .uri(SessionBinding.REFRESH_PATH)
        .cookie("GATEHOUSE_SESSION", token)
        .header(SessionBinding.SESSION_ID_HEADER, sid)
        .header(SessionBinding.RESPONSE_HEADER, "header.payload.signature")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .valueEquals(SessionBinding.CHALLENGE_HEADER, "\"c-1\";id=\"" + sid + "\"");

    LoggedRequest refresh =
        upstreams.authService.findAll(anyRequestTo("/session-binding/refresh")).get(0);
    assertThat(refresh.getHeader(SessionBinding.SESSION_ID_HEADER)).isEqualTo(sid);
    assertThat(refresh.getHeader(SessionBinding.RESPONSE_HEADER))
        .isEqualTo("header.payload.signature");
    assertThat(claimsOf(refresh).getStringClaim("sid"))
        .as("binding off: the session is identified even without its bound credential")
        .isEqualTo(sid);
    assertThat(refresh.getHeader(HttpHeaders.COOKIE)).as("no session cookie upstream").isNull();
  }

  @Test
  void sessionBindingRouteWhenRegisteredThenBoundCookieComesBackAndTheUnboundAnswerIsForgotten() {
    answers(null, null);
    client.get().uri("/api/me").cookie("GATEHOUSE_SESSION", token).exchange().expectStatus().isOk();
    upstreams.authService.stubFor(
        post(urlEqualTo(SessionBinding.REGISTRATION_PATH))
            .willReturn(
                okJson("{\"session_identifier\":\"" + sid + "\"}")
                    .withHeader(
                        HttpHeaders.SET_COOKIE,
                        "GATEHOUSE_BOUND=" + boundCredential + "; Path=/; Secure; HttpOnly")));

    client
        .post()
        .uri(SessionBinding.REGISTRATION_PATH)
        .cookie("GATEHOUSE_SESSION", token)
        .header(SessionBinding.RESPONSE_HEADER, "header.payload.signature")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(
            HttpHeaders.SET_COOKIE,
            "GATEHOUSE_BOUND=" + boundCredential + "; Path=/; Secure; HttpOnly");
    // auth-service now answers the bare session cookie as a bound session without its credential
    answers(null, SessionBinding.UNVERIFIED);

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        // the answer cached before the binding ("not bound") is not served
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  void backendWhenItSetsTheBoundCredentialCookieThenDropped() {
    answers(null, null);
    upstreams.backend.stubFor(
        any(anyUrl())
            .willReturn(
                okJson("{}")
                    .withHeader(HttpHeaders.SET_COOKIE, "GATEHOUSE_BOUND=planted; Path=/")));

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .doesNotExist(HttpHeaders.SET_COOKIE);
  }

  /**
   * auth-service's answer for this session when the request brings {@code credential} (null: none),
   * with binding {@code binding} (null: the session is not bound).
   */
  private void answers(@Nullable String credential, @Nullable String binding) {
    long now = Instant.now().getEpochSecond();
    IntrospectionResponse answer =
        IntrospectionResponse.active(
                UUID.randomUUID().toString(), "alice", sid, List.of("user"), now, now + 3600, now)
            .withBinding(
                binding,
                SessionBinding.BOUND.equals(binding)
                    ? new IntrospectionResponse.Confirmation(JKT)
                    : null,
                SessionBinding.BOUND.equals(binding) ? now + 300 : null);
    String body = "token=" + token + (credential == null ? "" : "&bound_credential=" + credential);
    upstreams.authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo(body))
            .willReturn(okJson(JSON.writeValueAsString(answer))));
  }

  private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder anyRequestTo(
      String path) {
    return com.github.tomakehurst.wiremock.matching.RequestPatternBuilder.newRequestPattern(
        com.github.tomakehurst.wiremock.http.RequestMethod.ANY, urlPathEqualTo(path));
  }

  private static JWTClaimsSet claimsRelayedTo(LoggedRequest upstream) throws Exception {
    return claimsOf(upstream);
  }

  private static JWTClaimsSet claimsOf(LoggedRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    assertThat(authorization).startsWith("Bearer ");
    try {
      return SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
    } catch (java.text.ParseException ex) {
      throw new AssertionError(ex);
    }
  }
}
