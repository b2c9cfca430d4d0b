package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.TestJwts;
import dev.gatehouse.testsupport.jwt.TestJwksServer;
import dev.gatehouse.testsupport.jwt.TestJwt;
import dev.gatehouse.testsupport.jwt.TestSigningKey;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * auth-service's own JWT-protected endpoints (the operator API, {@code /account/sessions}, {@code
 * /logout}) against every kind of token a resource server must refuse (RFC 6750 §3.1, RFC 8725, RFC
 * 9068 §4, OWASP ASVS 5.0 V9): each is a 401 with an {@code invalid_token} challenge, changes
 * nothing, and makes no request to a server the token names.
 */
class JwtVerificationIntegrationTests extends AbstractIntegrationTests {

  private static final TestJwts jwts = TestJwts.get();

  /** The attacker's key, also published by the attacker's own JWKS endpoint. */
  private static final TestSigningKey ATTACKER_KEY = TestSigningKey.generate("attacker-1");

  private static final TestJwksServer ATTACKER_JWKS = TestJwksServer.start(ATTACKER_KEY);

  /** Users and sessions shared by the rows: a refused request must leave them all untouched. */
  private static @Nullable Fixture shared;

  private Fixture fixture;

  @AfterAll
  static void stopAttackerJwks() {
    ATTACKER_JWKS.close();
  }

  @BeforeEach
  void fixture() {
    // Rebuilt only after a failed row ended a session, so one failure does not fail the rest.
    if (shared == null || !allActive(shared)) {
      shared = newFixture();
    }
    fixture = shared;
  }

  private boolean allActive(Fixture fixture) {
    return fixture.sessions().stream().allMatch(this::isActive);
  }

  private Fixture newFixture() {
    TestUser operator = createUser("user", "admin");
    LoggedIn current = login(operator);
    LoggedIn other = login(operator);
    TestUser victim = createUser("user");
    return new Fixture(operator, current, other, victim, login(victim));
  }

  /**
   * The operator, the session their token names ({@code current}) and another of theirs, and
   * another user with a session.
   */
  record Fixture(
      TestUser operator,
      LoggedIn current,
      LoggedIn other,
      TestUser victim,
      LoggedIn victimSession) {

    List<LoggedIn> sessions() {
      return List.of(current, other, victimSession);
    }

    /** A token for the operator's current session, with the admin role, signed by {@code key}. */
    TestJwt signedBy(TestSigningKey key, Instant now) {
      return jwts.tokenSignedBy(key, now)
          .subject(operator.id().toString())
          .sessionId(current.sid().toString())
          .username(operator.username())
          .roles("user", "admin");
    }
  }

  /** Builds the token of a row, given the fixture and the test clock's now. */
  @FunctionalInterface
  interface Token {
    @Nullable String build(Fixture fixture, Instant now);
  }

  /** An endpoint the resource-server chain protects, and what a valid admin token gets there. */
  record Endpoint(HttpMethod method, Function<Fixture, String> path, HttpStatus success) {}

  static Stream<Arguments.ArgumentSet> endpoints() {
    return Stream.of(
        argumentSet(
            "GET /admin/sessions",
            new Endpoint(HttpMethod.GET, fixture -> "/admin/sessions", HttpStatus.OK)),
        argumentSet(
            "DELETE /admin/sessions/{sid}",
            new Endpoint(
                HttpMethod.DELETE,
                fixture -> "/admin/sessions/" + fixture.victimSession().sid(),
                HttpStatus.NO_CONTENT)),
        argumentSet(
            "GET /account/sessions",
            new Endpoint(HttpMethod.GET, fixture -> "/account/sessions", HttpStatus.OK)),
        argumentSet(
            "DELETE /account/sessions/{sid}",
            new Endpoint(
                HttpMethod.DELETE,
                fixture -> "/account/sessions/" + fixture.other().sid(),
                HttpStatus.NO_CONTENT)),
        argumentSet(
            "POST /logout",
            new Endpoint(HttpMethod.POST, fixture -> "/logout", HttpStatus.NO_CONTENT)));
  }

  static Stream<Arguments.ArgumentSet> rejectedTokens() {
    return Stream.of(
        row("no token", (f, now) -> null),
        row("alg none", (f, now) -> gateway(f, now).unsecured()),
        row(
            "HS256 keyed with the gateway's public key",
            (f, now) -> gateway(f, now).signHs256WithPublicKey()),
        row("RS256 under the gateway's kid", (f, now) -> gateway(f, now).signRs256()),
        row("signature stripped", (f, now) -> gateway(f, now).signAndStripSignature()),
        row(
            "payload tampered (roles escalated to admin)",
            (f, now) -> gateway(f, now).roles("user").signAndTamper()),
        row("unknown kid", (f, now) -> f.signedBy(TestSigningKey.generate(), now).sign()),
        row(
            "kid with path traversal",
            (f, now) -> f.signedBy(TestSigningKey.generate("../../../etc/passwd"), now).sign()),
        row("no kid, signed by the gateway's key", (f, now) -> gateway(f, now).keyId(null).sign()),
        row(
            "foreign key under the gateway's kid",
            (f, now) -> f.signedBy(TestSigningKey.generate(jwts.key().kid()), now).sign()),
        row(
            "embedded jwk with the attacker's key",
            (f, now) -> f.signedBy(ATTACKER_KEY, now).embeddedJwk(ATTACKER_KEY.publicJwk()).sign()),
        row(
            "embedded jwk under the gateway's kid",
            (f, now) ->
                f.signedBy(TestSigningKey.generate(jwts.key().kid()), now)
                    .embeddedJwk(ATTACKER_KEY.publicJwk())
                    .sign()),
        row(
            "jku pointing to the attacker's JWKS",
            (f, now) -> f.signedBy(ATTACKER_KEY, now).jwkSetUrl(ATTACKER_JWKS.jwkSetUri()).sign()),
        row(
            "x5u pointing to the attacker's server",
            (f, now) ->
                f.signedBy(ATTACKER_KEY, now)
                    .x509Url(URI.create(ATTACKER_JWKS.baseUrl() + "/cert.pem"))
                    .sign()),
        row(
            "expired 10 s ago (beyond the 5 s skew)",
            (f, now) -> gateway(f, now).issuedAt(now.minusSeconds(70)).sign()),
        row(
            "not yet valid (nbf in 30 s)",
            (f, now) -> gateway(f, now).notBefore(now.plusSeconds(30)).sign()),
        row("no exp", (f, now) -> gateway(f, now).withoutClaim("exp").sign()),
        row("no sub", (f, now) -> gateway(f, now).withoutClaim("sub").sign()),
        row("wrong iss", (f, now) -> gateway(f, now).issuer("https://evil.example").sign()),
        row("no iss", (f, now) -> gateway(f, now).withoutClaim("iss").sign()),
        row("wrong aud", (f, now) -> gateway(f, now).audience("billing").sign()),
        row(
            "aud of another route (demo-backend)",
            (f, now) -> gateway(f, now).audience("demo-backend").sign()),
        row("no aud", (f, now) -> gateway(f, now).withoutClaim("aud").sign()),
        row("typ at+jwt", (f, now) -> gateway(f, now).type("at+jwt").sign()),
        row(
            "session-cookie-like opaque bearer",
            (f, now) -> JwtVerificationIntegrationTests.opaqueToken()),
        row("garbage", (f, now) -> "not.a.jwt"));
  }

  /**
   * Every endpoint with every row, except {@code POST /logout} without a token: logout is
   * idempotent and clears the cookie for anyone (a present but bad token is still a 401).
   */
  static Stream<Arguments> endpointsAndRejectedTokens() {
    return endpoints()
        .flatMap(
            endpoint ->
                rejectedTokens()
                    .filter(
                        token ->
                            !(endpoint.getName().equals("POST /logout")
                                && token.getName().equals("no token")))
                    .map(
                        token ->
                            argumentSet(
                                endpoint.getName() + " with " + token.getName(),
                                endpoint.get()[0],
                                token.get()[0])));
  }

  @ParameterizedTest
  @MethodSource("endpointsAndRejectedTokens")
  void requestWhenTokenNotAcceptableThenUnauthorizedNothingChangedAndNoKeyFetchedElsewhere(
      Endpoint endpoint, Token token) {
    String bearer = token.build(fixture, clock.instant());

    MvcTestResult result = call(endpoint, bearer);

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    String challenge = result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE);
    assertThat(challenge).startsWith("Bearer");
    if (bearer != null) {
      assertThat(challenge).contains("error=\"invalid_token\"");
    }
    assertThat(allActive(fixture)).as("every session is still active").isTrue();
    assertThat(ATTACKER_JWKS.requestCount()).as("requests to the attacker's server").isZero();
    assertThat(jwts.jwks().requestedPaths())
        .as("keys fetched only from the configured JWKS URI, no discovery")
        .allMatch(TestJwksServer.JWKS_PATH::equals);
  }

  @ParameterizedTest
  @MethodSource("endpoints")
  void requestWhenValidAdminTokenThenSucceeds(Endpoint endpoint) {
    // Its own users: this request may end sessions the rejected rows check.
    fixture = newFixture();

    MvcTestResult result = call(endpoint, gateway(fixture, clock.instant()).sign());

    assertThat(result).hasStatus(endpoint.success());
  }

  @Test
  void adminEndpointWhenValidTokenWithoutAdminRoleThenForbidden() {
    String userToken = gateway(fixture, clock.instant()).roles("user").sign();

    for (Endpoint endpoint :
        endpoints()
            .map(endpoint -> (Endpoint) endpoint.get()[0])
            .filter(endpoint -> endpoint.path().apply(fixture).startsWith("/admin"))
            .toList()) {
      assertThat(call(endpoint, userToken)).as(endpoint.toString()).hasStatus(HttpStatus.FORBIDDEN);
    }
    assertThat(isActive(fixture.victimSession())).isTrue();
  }

  @Test
  void requestWhenNoTypThenAccepted() {
    assertThat(
            mvc.get()
                .uri("/account/sessions")
                .header(
                    HttpHeaders.AUTHORIZATION,
                    "Bearer " + gateway(fixture, clock.instant()).type(null).sign()))
        .hasStatus(HttpStatus.OK);
  }

  private MvcTestResult call(Endpoint endpoint, @Nullable String bearer) {
    var request = mvc.method(endpoint.method()).uri(endpoint.path().apply(fixture));
    if (bearer != null) {
      request.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
    }
    return request.exchange();
  }

  private static TestJwt gateway(Fixture fixture, Instant now) {
    return fixture.signedBy(jwts.key(), now);
  }

  private static Arguments.ArgumentSet row(String name, Token token) {
    return argumentSet(name, token);
  }

  /** What a session cookie value looks like: random bits and a check value, 54 characters. */
  private static String opaqueToken() {
    return dev.gatehouse.auth.TestSessionTokens.unknown();
  }
}
