package dev.gatehouse.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway's request path against WireMock standing in for auth-service (so faults can be
 * injected) and for a backend (so what reaches upstream can be inspected).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class SessionRelayIntegrationTests {

  static final WireMockServer authService = started();
  static final WireMockServer backend = started();

  @Autowired WebTestClient client;

  @DynamicPropertySource
  static void upstreams(DynamicPropertyRegistry registry) {
    registry.add("gatehouse.upstream.auth-service", authService::baseUrl);
    registry.add("gatehouse.upstream.demo-backend", backend::baseUrl);
  }

  @AfterAll
  static void stop() {
    authService.stop();
    backend.stop();
  }

  @BeforeEach
  void reset() {
    authService.resetAll();
    backend.resetAll();
    backend.stubFor(any(anyUrl()).willReturn(okJson("{\"ok\":true}")));
    authService.stubFor(any(urlPathEqualTo("/login")).willReturn(aResponse().withStatus(200)));
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .willReturn(okJson("{\"events\":[],\"next\":0}")));
  }

  @Test
  void requestWhenSessionActiveThenBackendReceivesJwtThatVerifiesAgainstGatewayJwks()
      throws Exception {
    String token = TestSessions.newToken();
    TestSession alice = TestSession.alice();
    introspectionAnswers(token, alice.introspectionJson());

    client.get().uri("/api/me").cookie("GATEHOUSE_SESSION", token).exchange().expectStatus().isOk();

    SignedJWT jwt = SignedJWT.parse(bearerReceivedByBackend());
    JWKSet jwks = JWKSet.parse(fetchJwks());
    ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(key).as("the token's kid is published").isNotNull();
    assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("http://localhost:8080");
    assertThat(claims.getAudience()).containsExactly("demo-backend");
    assertThat(claims.getSubject()).isEqualTo(alice.userId());
    assertThat(claims.getStringClaim("sid")).isEqualTo(alice.sid());
    assertThat(claims.getStringClaim("preferred_username")).isEqualTo("alice");
    assertThat(claims.getStringListClaim("roles")).containsExactly("user");
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getLongClaim("auth_time")).isPositive();
    assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(60_000);
    LoggedRequest upstream = backend.getAllServeEvents().get(0).getRequest();
    assertThat(upstream.getHeader("X-Gatehouse-User")).isEqualTo(alice.userId());
    assertThat(upstream.getHeader("X-Gatehouse-Username")).isEqualTo("alice");
    assertThat(upstream.getHeader("X-Gatehouse-Roles")).isEqualTo("user");
  }

  @Test
  void introspectWhenCalledThenUsesFormPostWithFormUrlencodedBasicCredentials() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());

    client.get().uri("/api/me").cookie("GATEHOUSE_SESSION", token).exchange();

    String credentials =
        URLEncoder.encode("gateway client", StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode("s3cret:with&odd=chars", StandardCharsets.UTF_8);
    authService.verify(
        1,
        postRequestedFor(urlEqualTo("/oauth2/introspect"))
            .withHeader(
                HttpHeaders.AUTHORIZATION,
                equalTo(
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(credentials.getBytes(StandardCharsets.UTF_8))))
            .withHeader(HttpHeaders.CONTENT_TYPE, containing("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo("token=" + token)));
  }

  @Test
  void requestWhenBearerSessionTokenThenReplacedByInternalJwt() throws Exception {
    String token = TestSessions.newToken();
    TestSession alice = TestSession.alice();
    introspectionAnswers(token, alice.introspectionJson());

    client
        .get()
        .uri("/api/notes")
        .headers(headers -> headers.setBearerAuth(token))
        .exchange()
        .expectStatus()
        .isOk();

    String relayed = bearerReceivedByBackend();
    assertThat(relayed).isNotEqualTo(token);
    assertThat(SignedJWT.parse(relayed).getJWTClaimsSet().getSubject()).isEqualTo(alice.userId());
  }

  @Test
  void requestWhenSessionInactiveThenApiGets401Json() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, "{\"active\":false}");

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("unauthenticated");
    assertThat(backend.getAllServeEvents()).isEmpty();
  }

  @Test
  void navigationWhenSessionInactiveThenRedirectedToLoginWithNext() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, "{\"active\":false}");

    client
        .get()
        .uri("/api/notes?sort=new&x=a b")
        .accept(MediaType.TEXT_HTML, MediaType.ALL)
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .location("/login?next=%2Fapi%2Fnotes%3Fsort%3Dnew%26x%3Da%2520b");
  }

  @Test
  void navigationWhenNoCookieThenRedirectedToLoginWithoutCallingAuthService() {
    client
        .get()
        .uri("/")
        .accept(MediaType.TEXT_HTML)
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .location("/login?next=%2F");
    assertThat(callsToAuthServiceOtherThanFeed()).isEmpty();
  }

  @Test
  void requestWhenAuthServiceAnswers5xxThen503WithRetryAfter() {
    String token = TestSessions.newToken();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect")).willReturn(aResponse().withStatus(500)));

    client
        .get()
        .uri("/api/me")
        .accept(MediaType.APPLICATION_JSON)
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "7")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("auth_unavailable");
    assertThat(backend.getAllServeEvents()).isEmpty();
  }

  @Test
  void navigationWhenAuthServiceAnswers5xxThen503HtmlPageWithRetryAfter() {
    String token = TestSessions.newToken();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect")).willReturn(aResponse().withStatus(500)));

    String page =
        client
            .get()
            .uri("/api/me")
            .accept(MediaType.TEXT_HTML)
            .cookie("GATEHOUSE_SESSION", token)
            .exchange()
            .expectStatus()
            .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
            .expectHeader()
            .valueEquals(HttpHeaders.RETRY_AFTER, "7")
            .expectHeader()
            .cacheControl(CacheControl.noStore())
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(page).contains("503").contains("auth_unavailable").doesNotContain("<script");
    assertThat(backend.getAllServeEvents()).isEmpty();
  }

  @Test
  void requestWhenAuthServiceTimesOutThen503WithRetryAfter() {
    String token = TestSessions.newToken();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .willReturn(okJson(TestSession.alice().introspectionJson()).withFixedDelay(4_000)));

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectHeader()
        .exists(HttpHeaders.RETRY_AFTER);
  }

  @Test
  void requestWhenAuthServiceAnswersGarbageThen503NotUnauthenticated() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, "{\"active\":true}");

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
  }

  @Test
  void requestWhenAuthServiceUnreachableThen503() {
    WireMockServer gone = started();
    int port = gone.port();
    gone.stop();
    // a route pointing at a dead auth-service is simulated by a failing connection on introspection
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .willReturn(
                aResponse()
                    .withFault(
                        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", TestSessions.newToken())
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(port).isPositive();
  }

  static Stream<Arguments> malformedCredentials() {
    String valid = TestSessions.newToken();
    return Stream.of(
        Arguments.of("empty cookie", "GATEHOUSE_SESSION=", null),
        Arguments.of("too short", "GATEHOUSE_SESSION=" + valid.substring(1), null),
        Arguments.of("too long", "GATEHOUSE_SESSION=" + valid + "A", null),
        Arguments.of("base64 padding", "GATEHOUSE_SESSION=" + valid.substring(0, 53) + "=", null),
        Arguments.of(
            "standard base64 chars", "GATEHOUSE_SESSION=" + valid.substring(0, 52) + "+A", null),
        Arguments.of(
            "impossible final digit", "GATEHOUSE_SESSION=" + valid.substring(0, 53) + "B", null),
        Arguments.of(
            "the old 43-character format", "GATEHOUSE_SESSION=" + valid.substring(0, 43), null),
        Arguments.of(
            "cookie without a valid check value",
            "GATEHOUSE_SESSION=" + TestSessions.forgedToken(),
            null),
        Arguments.of(
            "bearer without a valid check value", null, "Bearer " + TestSessions.forgedToken()),
        Arguments.of("sql-ish", "GATEHOUSE_SESSION=' OR 1=1 --", null),
        Arguments.of("quoted", "GATEHOUSE_SESSION=\"" + valid + "\"", null),
        Arguments.of(
            "two session cookies",
            "GATEHOUSE_SESSION=" + valid + "; GATEHOUSE_SESSION=" + TestSessions.newToken(),
            null),
        Arguments.of("basic authorization", null, "Basic YWxpY2U6c2VjcmV0"),
        Arguments.of("bearer jwt-looking", null, "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
        Arguments.of("bearer empty", null, "Bearer "),
        Arguments.of(
            "cookie and bearer together",
            "GATEHOUSE_SESSION=" + valid,
            "Bearer " + TestSessions.newToken()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedCredentials")
  void requestWhenCredentialMalformedThen401WithoutCallingAuthService(
      String attack, String cookieHeader, String authorization) {
    client
        .get()
        .uri("/api/me")
        .headers(
            headers -> {
              if (cookieHeader != null) {
                headers.set(HttpHeaders.COOKIE, cookieHeader);
              }
              if (authorization != null) {
                headers.set(HttpHeaders.AUTHORIZATION, authorization);
              }
            })
        .exchange()
        .expectStatus()
        .isUnauthorized();
    assertThat(callsToAuthServiceOtherThanFeed()).as(attack).isEmpty();
    assertThat(backend.getAllServeEvents()).as(attack).isEmpty();
  }

  @Test
  void requestWhenCookieHeaderOversizedThen431WithoutCallingAuthService() {
    client
        .get()
        .uri("/api/me")
        .header(HttpHeaders.COOKIE, "junk=" + "x".repeat(5000))
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
    assertThat(callsToAuthServiceOtherThanFeed()).isEmpty();
  }

  @Test
  void requestWhenClientSendsIdentityHeadersThenNoneReachTheBackend() {
    String token = TestSessions.newToken();
    TestSession alice = TestSession.alice();
    introspectionAnswers(token, alice.introspectionJson());

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .header("X-Gatehouse-User", "someone-else")
        .header("X-Gatehouse-Roles", "admin")
        .header("X-Gatehouse-Sid", "forged")
        .header("X-User-Id", "42")
        .header("X-Forwarded-For", "10.9.8.7")
        .header("X-Forwarded-Host", "evil.example")
        .header("Forwarded", "for=10.9.8.7;host=evil.example")
        .header("X-Real-IP", "10.9.8.7")
        .exchange()
        .expectStatus()
        .isOk();

    LoggedRequest upstream = backend.getAllServeEvents().get(0).getRequest();
    assertThat(upstream.getHeader("X-Gatehouse-User")).isEqualTo(alice.userId());
    assertThat(upstream.getHeader("X-Gatehouse-Roles")).isEqualTo("user");
    assertThat(upstream.containsHeader("X-Gatehouse-Sid")).isFalse();
    assertThat(upstream.containsHeader("X-User-Id")).isFalse();
    assertThat(upstream.containsHeader("X-Real-IP")).isFalse();
    assertThat(String.valueOf(upstream.getHeader("X-Forwarded-Host"))).doesNotContain("evil");
    assertThat(String.valueOf(upstream.getHeader("X-Forwarded-For"))).doesNotContain("10.9.8.7");
    assertThat(String.valueOf(upstream.getHeader("Forwarded"))).doesNotContain("evil.example");
  }

  @Test
  void requestWhenAnonymousWithSpoofedAuthorizationOnOpenRouteThenStripped() {
    client
        .get()
        .uri("/login")
        .header(HttpHeaders.AUTHORIZATION, "Bearer forged.jwt.value")
        .header("X-Gatehouse-User", "someone")
        .exchange()
        .expectStatus()
        .isOk();

    LoggedRequest upstream = callsToAuthServiceOtherThanFeed().get(0);
    assertThat(upstream.containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
    assertThat(upstream.containsHeader("X-Gatehouse-User")).isFalse();
  }

  @Test
  void requestWhenCookiesSentThenSessionCookieRemovedAndOthersPassThrough() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());

    client
        .get()
        .uri("/api/me")
        .header(HttpHeaders.COOKIE, "theme=dark; GATEHOUSE_SESSION=" + token + "; lang=en")
        .exchange()
        .expectStatus()
        .isOk();

    String cookies = backend.getAllServeEvents().get(0).getRequest().getHeader(HttpHeaders.COOKIE);
    assertThat(cookies).isEqualTo("theme=dark; lang=en").doesNotContain(token);
  }

  @Test
  void requestWhenRoleMissingThen403() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());

    client
        .get()
        .uri("/admin/sessions")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isForbidden();
    authService.verify(0, getRequestedFor(urlPathEqualTo("/admin/sessions")));
  }

  @Test
  void navigationWhenRoleMissingThen403HtmlPageNotProblemJson() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());

    String page =
        client
            .get()
            .uri("/admin")
            .accept(MediaType.TEXT_HTML, MediaType.ALL)
            .cookie("GATEHOUSE_SESSION", token)
            .exchange()
            .expectStatus()
            .isForbidden()
            .expectHeader()
            .cacheControl(CacheControl.noStore())
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_HTML)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(page)
        .contains("403 Forbidden")
        .contains("<code>forbidden</code>")
        .doesNotContain("<script")
        .doesNotContain(token);
    assertThat(authService.findAll(getRequestedFor(urlPathEqualTo("/admin")))).isEmpty();
  }

  @Test
  void requestWhenRolePresentThenRelayedWithAuthServiceAudience() throws Exception {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.admin().introspectionJson());
    authService.stubFor(any(urlPathEqualTo("/admin/sessions")).willReturn(okJson("[]")));

    client
        .get()
        .uri("/admin/sessions")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isOk();

    LoggedRequest upstream =
        authService.findAll(getRequestedFor(urlPathEqualTo("/admin/sessions"))).get(0);
    String jwt = upstream.getHeader(HttpHeaders.AUTHORIZATION).substring("Bearer ".length());
    assertThat(SignedJWT.parse(jwt).getJWTClaimsSet().getAudience())
        .containsExactly("auth-service");
  }

  @Test
  void logoutWhenNoSessionThenForwardedAnonymously() {
    authService.stubFor(any(urlPathEqualTo("/logout")).willReturn(aResponse().withStatus(204)));

    client.post().uri("/logout").exchange().expectStatus().isNoContent();

    LoggedRequest upstream = authService.findAll(postRequestedFor(urlEqualTo("/logout"))).get(0);
    assertThat(upstream.containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
  }

  @Test
  void backChannelLogoutWhenProviderPostsLogoutTokenThenForwardedWithoutSessionAndOnlyAsPost() {
    authService.stubFor(
        post(urlEqualTo("/logout/connect/back-channel/idp"))
            .willReturn(aResponse().withStatus(200)));

    client
        .post()
        .uri("/logout/connect/back-channel/idp")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .bodyValue("logout_token=a.b.c")
        .exchange()
        .expectStatus()
        .isOk();
    client.get().uri("/logout/connect/back-channel/idp").exchange().expectStatus().isNotFound();

    LoggedRequest upstream =
        authService
            .findAll(postRequestedFor(urlEqualTo("/logout/connect/back-channel/idp")))
            .get(0);
    assertThat(upstream.getBodyAsString()).isEqualTo("logout_token=a.b.c");
    assertThat(upstream.containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
  }

  @Test
  void logoutWhenAuthServiceClearsCookieThenCachedSessionForgottenAtOnce() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());
    authService.stubFor(
        post(urlEqualTo("/logout"))
            .willReturn(
                aResponse()
                    .withStatus(204)
                    .withHeader(
                        HttpHeaders.SET_COOKIE,
                        "GATEHOUSE_SESSION=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")));
    client.get().uri("/api/me").cookie("GATEHOUSE_SESSION", token).exchange().expectStatus().isOk();

    client
        .post()
        .uri("/logout")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isNoContent();
    introspectionAnswers(token, "{\"active\":false}");

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isUnauthorized();
    authService.verify(2, postRequestedFor(urlEqualTo("/oauth2/introspect")));
  }

  @Test
  void postWhenOriginForeignThen403AndSameOriginPasses() {
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());
    authService.stubFor(any(urlPathEqualTo("/account/sessions")).willReturn(okJson("{}")));

    client
        .post()
        .uri("/account/sessions")
        .cookie("GATEHOUSE_SESSION", token)
        .header(HttpHeaders.ORIGIN, "https://evil.example")
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("cross_site_request");
    client
        .post()
        .uri("/account/sessions")
        .cookie("GATEHOUSE_SESSION", token)
        .header(HttpHeaders.ORIGIN, "null")
        .exchange()
        .expectStatus()
        .isForbidden();
    client
        .post()
        .uri("/login")
        .header("Sec-Fetch-Site", "cross-site")
        .exchange()
        .expectStatus()
        .isForbidden();
    authService.verify(0, postRequestedFor(urlPathEqualTo("/account/sessions")));

    client
        .post()
        .uri("/account/sessions")
        .cookie("GATEHOUSE_SESSION", token)
        .header(HttpHeaders.ORIGIN, "http://localhost:8080")
        .header("Sec-Fetch-Site", "same-origin")
        .exchange()
        .expectStatus()
        .isOk();
    // a same-origin form post from a page with Referrer-Policy: no-referrer
    client
        .post()
        .uri("/account/sessions")
        .cookie("GATEHOUSE_SESSION", token)
        .header(HttpHeaders.ORIGIN, "null")
        .header("Sec-Fetch-Site", "same-origin")
        .exchange()
        .expectStatus()
        .isOk();
  }

  @Test
  void preflightWhenNoSessionThenAnsweredPerRouteCors() {
    client
        .options()
        .uri("/api/notes")
        .header(HttpHeaders.ORIGIN, "https://app.example")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.example");
    assertThat(callsToAuthServiceOtherThanFeed()).isEmpty();
  }

  @Test
  void concurrentFirstRequestsForOneSessionThenOneIntrospectionCall() throws Exception {
    String token = TestSessions.newToken();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(TestSession.alice().introspectionJson()).withFixedDelay(300)));

    var pool = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<HttpStatus>> calls =
          IntStream.range(0, 40)
              .mapToObj(
                  i ->
                      CompletableFuture.supplyAsync(
                          () ->
                              HttpStatus.valueOf(
                                  client
                                      .get()
                                      .uri("/api/me")
                                      .cookie("GATEHOUSE_SESSION", token)
                                      .exchange()
                                      .returnResult(String.class)
                                      .getStatus()
                                      .value()),
                          pool))
              .toList();
      assertThat(calls.stream().map(CompletableFuture::join)).containsOnly(HttpStatus.OK);
    } finally {
      pool.shutdownNow();
    }
    authService.verify(1, postRequestedFor(urlEqualTo("/oauth2/introspect")));
  }

  @Test
  void internalEndpointsWhenRequestedThroughGatewayThenNotRouted() {
    client.get().uri("/internal/revocations").exchange().expectStatus().isNotFound();
    client.post().uri("/oauth2/introspect").exchange().expectStatus().isNotFound();
    assertThat(callsToAuthServiceOtherThanFeed()).isEmpty();
  }

  @Test
  void everyResponseThenCarriesSecurityHeadersAndAuthenticatedOnesAreNotStored() {
    client
        .get()
        .uri("/api/me")
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("X-Content-Type-Options", "nosniff")
        .expectHeader()
        .valueEquals("Content-Security-Policy", "frame-ancestors 'none'")
        .expectHeader()
        .valueEquals("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        .expectHeader()
        .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");
    String token = TestSessions.newToken();
    introspectionAnswers(token, TestSession.alice().introspectionJson());

    client
        .get()
        .uri("/api/me")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
        .expectHeader()
        .valueEquals("Content-Security-Policy", "frame-ancestors 'none'");
    backend.stubFor(
        any(urlPathEqualTo("/api/public"))
            .willReturn(
                okJson("{}")
                    .withHeader("Content-Security-Policy", "default-src 'self'")
                    .withHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=60")));
    client
        .get()
        .uri("/api/public")
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectHeader()
        .valueEquals("Content-Security-Policy", "default-src 'self'")
        .expectHeader()
        .valueEquals(HttpHeaders.CACHE_CONTROL, "private, max-age=60");
  }

  @Test
  void jwksWhenRequestedThenPublicEcKeysOnly() {
    client
        .get()
        .uri("/.well-known/jwks.json")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.keys[0].kty")
        .isEqualTo("EC")
        .jsonPath("$.keys[0].crv")
        .isEqualTo("P-256")
        .jsonPath("$.keys[0].alg")
        .isEqualTo("ES256")
        .jsonPath("$.keys[0].kid")
        .isNotEmpty()
        .jsonPath("$.keys[0].d")
        .doesNotExist();
  }

  private static List<LoggedRequest> callsToAuthServiceOtherThanFeed() {
    return authService.getAllServeEvents().stream()
        .map(event -> event.getRequest())
        .filter(request -> !request.getUrl().startsWith("/internal/revocations"))
        .toList();
  }

  private void introspectionAnswers(String token, String json) {
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(json)));
  }

  private String bearerReceivedByBackend() {
    String authorization =
        backend.getAllServeEvents().get(0).getRequest().getHeader(HttpHeaders.AUTHORIZATION);
    assertThat(authorization).startsWith("Bearer ");
    return authorization.substring("Bearer ".length());
  }

  private String fetchJwks() {
    return client
        .get()
        .uri("/.well-known/jwks.json")
        .exchange()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  private static WireMockServer started() {
    WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    return server;
  }
}
