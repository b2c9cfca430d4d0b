package dev.gatehouse.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.TestJwts;
import dev.gatehouse.testsupport.jwt.TestJwt;
import dev.gatehouse.testsupport.jwt.TestSigningKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Item 5 of issue 9, auth-service half: "every login revokes a still-valid session it was sent"
 * also through the gateway, which strips the session cookie before {@code /login} but, on its
 * {@code auth: optional} login route, sends the JWT it minted from it. A successful login with a
 * valid gateway JWT ends the JWT's {@code sid} through the normal revocation path (revocation log,
 * audit); any other token is ignored and the login works as always.
 */
class LoginThroughGatewayIntegrationTests extends AbstractIntegrationTests {

  @ParameterizedTest(name = "{0} login")
  @ValueSource(strings = {"form", "JSON"})
  void loginWhenGatewayJwtNamesActiveSessionThenThatSessionRevokedAndLogged(String kind) {
    TestUser user = createUser("user");
    LoggedIn old = login(user);

    MvcTestResult result = login(kind, user, bearer(user, old, "user"));

    assertThat(result).hasStatus(kind.equals("form") ? HttpStatus.SEE_OTHER : HttpStatus.OK);
    String issued = sessionCookieValue(result);
    assertThat(introspect(old.token())).bodyJson().isStrictlyEqualTo("{\"active\":false}");
    assertThat(introspect(issued)).bodyJson().extractingPath("$.active").isEqualTo(true);
    assertThat(revocationReasons(old.sid())).containsExactly("replaced");
    assertThat(auditActions(old.sid())).containsExactly("session-replaced");
  }

  @Test
  void loginWhenGatewayJwtAndSessionCookieNameTheSameSessionThenRevokedOnce() {
    TestUser user = createUser("user");
    LoggedIn old = login(user);

    MvcTestResult result =
        mvc.post()
            .uri("/login")
            .header(HttpHeaders.AUTHORIZATION, bearer(user, old, "user"))
            .cookie(new jakarta.servlet.http.Cookie("GATEHOUSE_SESSION", old.token()))
            .contentType(MediaType.APPLICATION_JSON)
            .content(json(user))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(isActive(old)).isFalse();
    assertThat(revocationReasons(old.sid())).containsExactly("replaced");
  }

  @Test
  void loginWhenGatewayJwtOfAnotherUsersSessionThenThatSessionEndsLikeItsCookieWould() {
    TestUser alice = createUser("user");
    LoggedIn aliceSession = login(alice);
    TestUser bob = createUser("user");

    MvcTestResult result = login("JSON", bob, bearer(alice, aliceSession, "user"));

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(isActive(aliceSession)).isFalse();
    assertThat(revocationReasons(aliceSession.sid())).containsExactly("replaced");
  }

  @Test
  void loginWhenGatewayJwtButPasswordWrongThenSessionKept() {
    TestUser user = createUser("user");
    LoggedIn old = login(user);

    MvcTestResult result =
        mvc.post()
            .uri("/login")
            .header(HttpHeaders.AUTHORIZATION, bearer(user, old, "user"))
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"username\":\"%s\",\"password\":\"wrong\"}".formatted(user.username()))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(isActive(old)).isTrue();
    assertThat(revocationReasons(old.sid())).isEmpty();
  }

  /** A token for (user, session) at the test clock's now, or a hostile variant of it. */
  interface Token extends BiFunction<TestJwt, Instant, String> {}

  static Stream<Arguments> ignoredTokens() {
    TestSigningKey foreign = TestSigningKey.generate("test-key-1");
    return Stream.of(
        argumentSet(
            "forged: another key under the published kid",
            scheme(
                "Bearer ",
                (jwt, now) ->
                    TestJwts.get()
                        .tokenSignedBy(foreign, now)
                        .subject(jwt.claimsSet().getSubject())
                        .sessionId((String) jwt.claimsSet().getClaim("sid"))
                        .sign())),
        argumentSet(
            "expired 10 min ago",
            scheme(
                "Bearer ", (jwt, now) -> jwt.issuedAt(now.minus(Duration.ofMinutes(11))).sign())),
        argumentSet(
            "not yet valid",
            scheme("Bearer ", (jwt, now) -> jwt.issuedAt(now.plus(Duration.ofMinutes(5))).sign())),
        argumentSet(
            "audience of another backend",
            scheme("Bearer ", (jwt, now) -> jwt.audience("demo-backend").sign())),
        argumentSet(
            "another issuer",
            scheme("Bearer ", (jwt, now) -> jwt.issuer("https://evil.example").sign())),
        argumentSet("no kid", scheme("Bearer ", (jwt, now) -> jwt.keyId(null).sign())),
        argumentSet("unsigned (alg none)", scheme("Bearer ", (jwt, now) -> jwt.unsecured())),
        argumentSet(
            "HS256 with the public key",
            scheme("Bearer ", (jwt, now) -> jwt.signHs256WithPublicKey())),
        argumentSet(
            "signature stripped", scheme("Bearer ", (jwt, now) -> jwt.signAndStripSignature())),
        argumentSet(
            "claims tampered after signing", scheme("Bearer ", (jwt, now) -> jwt.signAndTamper())),
        argumentSet("not a JWT", scheme("Bearer ", (jwt, now) -> "not-a-jwt")),
        argumentSet("empty bearer", scheme("Bearer ", (jwt, now) -> "")),
        argumentSet("bearer with a space inside", scheme("Bearer ", (jwt, now) -> "a b")),
        argumentSet(
            "valid token under the Basic scheme", scheme("Basic ", (jwt, now) -> jwt.sign())),
        argumentSet(
            "valid token, no sid", scheme("Bearer ", (jwt, now) -> jwt.withoutClaim("sid").sign())),
        argumentSet(
            "valid token, sid not a UUID",
            scheme("Bearer ", (jwt, now) -> jwt.sessionId("../1").sign())));
  }

  @ParameterizedTest
  @MethodSource("ignoredTokens")
  void loginWhenTokenInvalidThenLoginSucceedsAndNothingRevoked(Token token) {
    TestUser user = createUser("user");
    LoggedIn old = login(user);
    TestJwt jwt =
        TestJwts.get()
            .token(clock.instant())
            .subject(user.id().toString())
            .sessionId(old.sid().toString())
            .username(user.username())
            .roles("user");

    MvcTestResult result = login("JSON", user, token.apply(jwt, clock.instant()));

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(introspect(sessionCookieValue(result)))
        .bodyJson()
        .extractingPath("$.active")
        .isEqualTo(true);
    assertThat(isActive(old)).isTrue();
    assertThat(revocationReasons(old.sid())).isEmpty();
  }

  @Test
  void loginWhenValidTokenOfTheIgnoredTableShapeThenRevoked() {
    // The table's base token is itself valid: each row's difference is what makes it ignored.
    TestUser user = createUser("user");
    LoggedIn old = login(user);
    String token =
        TestJwts.get()
            .token(clock.instant())
            .subject(user.id().toString())
            .sessionId(old.sid().toString())
            .username(user.username())
            .roles("user")
            .sign();

    assertThat(login("JSON", user, "Bearer " + token)).hasStatus(HttpStatus.OK);
    assertThat(isActive(old)).isFalse();
  }

  private static Token scheme(String scheme, Token token) {
    return (jwt, now) -> scheme + token.apply(jwt, now);
  }

  private MvcTestResult login(String kind, TestUser user, String authorization) {
    boolean form = kind.equals("form");
    return mvc.post()
        .uri("/login")
        .header(HttpHeaders.AUTHORIZATION, authorization)
        .contentType(form ? MediaType.APPLICATION_FORM_URLENCODED : MediaType.APPLICATION_JSON)
        .content(
            form
                ? form(Map.of("username", user.username(), "password", user.password()))
                : json(user))
        .exchange();
  }

  private static String json(TestUser user) {
    return "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(user.username(), user.password());
  }

  private List<String> auditActions(UUID sid) {
    return jdbc.sql(
            "SELECT a.action FROM audit_log a JOIN audit_log_sessions s ON s.audit_id = a.id"
                + " WHERE s.sid = ? ORDER BY a.id")
        .param(sid)
        .query(String.class)
        .list();
  }
}
