package dev.gatehouse.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.TestJwts;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * {@code POST /logout} and the resource-server chain: the caller is identified by a gateway-minted
 * JWT, checked against the gateway's JWKS, issuer, audience and a 5 s clock skew.
 */
class LogoutIntegrationTests extends AbstractIntegrationTests {

  private static final TestJwts jwts = TestJwts.get();

  @Test
  void logoutWhenGatewayJwtValidThenSessionRevokedAndCookieCleared() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);

    MvcTestResult result =
        mvc.post()
            .uri("/logout")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + jwtFor(user, session))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.NO_CONTENT);
    assertCookieCleared(result);
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result).headers().hasValue("Clear-Site-Data", "\"cache\", \"storage\"");
    assertThat(introspect(session.token())).bodyJson().isStrictlyEqualTo("{\"active\":false}");
    assertThat(revocationReasons(session.sid())).containsExactly("logout");
    assertThat(
            jdbc.sql("SELECT actor FROM revocation_log WHERE sid = ?")
                .param(session.sid())
                .query(String.class)
                .single())
        .isEqualTo(user.id().toString());
  }

  @Test
  void logoutWhenHtmlNavigationThenSeeOtherToLogin() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);

    MvcTestResult result =
        mvc.post()
            .uri("/logout")
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + jwtFor(user, session))
            .accept(MediaType.TEXT_HTML, MediaType.ALL)
            .exchange();

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(result).headers().hasValue(HttpHeaders.LOCATION, "/login");
    assertCookieCleared(result);
    assertThat(introspect(session.token())).bodyJson().isStrictlyEqualTo("{\"active\":false}");
  }

  @Test
  void logoutWhenNoJwtThenCookieClearedAnyway() {
    MvcTestResult api = mvc.post().uri("/logout").exchange();
    MvcTestResult form =
        mvc.post().uri("/logout").contentType(MediaType.APPLICATION_FORM_URLENCODED).exchange();

    assertThat(api).hasStatus(HttpStatus.NO_CONTENT);
    assertCookieCleared(api);
    assertThat(form).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(form).headers().hasValue(HttpHeaders.LOCATION, "/login");
    assertCookieCleared(form);
  }

  @Test
  void logoutWhenCalledDirectlyWithSessionCookieThenThatSessionRevoked() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);

    MvcTestResult result =
        mvc.post()
            .uri("/logout")
            .cookie(new Cookie("GATEHOUSE_SESSION", session.token()))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.NO_CONTENT);
    assertCookieCleared(result);
    assertThat(introspect(session.token())).bodyJson().isStrictlyEqualTo("{\"active\":false}");
  }

  @Test
  void logoutWhenRepeatedThenIdempotent() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);
    String jwt = jwtFor(user, session);

    assertThat(mvc.post().uri("/logout").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt))
        .hasStatus(HttpStatus.NO_CONTENT);
    assertThat(mvc.post().uri("/logout").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt))
        .hasStatus(HttpStatus.NO_CONTENT);

    assertThat(revocationReasons(session.sid())).containsExactly("logout");
  }

  static Stream<Arguments> rejectedTokens() {
    return Stream.of(
        argumentSet(
            "forged: unpublished key, published kid",
            token((claims, now) -> jwts.forge(claims.build()))),
        argumentSet(
            "expired beyond the 5 s skew",
            token((claims, now) -> jwts.sign(mintedAgo(claims, now, 66).build()))),
        argumentSet(
            "not valid yet beyond the skew",
            token(
                (claims, now) ->
                    jwts.sign(claims.notBeforeTime(Date.from(now.plusSeconds(30))).build()))),
        argumentSet(
            "no exp", token((claims, now) -> jwts.sign(claims.expirationTime(null).build()))),
        argumentSet(
            "wrong audience",
            token((claims, now) -> jwts.sign(claims.audience("demo-backend").build()))),
        argumentSet(
            "no audience",
            token((claims, now) -> jwts.sign(claims.audience((String) null).build()))),
        argumentSet(
            "wrong issuer",
            token((claims, now) -> jwts.sign(claims.issuer("https://evil.example").build()))),
        argumentSet(
            "typ at+jwt",
            token(
                (claims, now) -> jwts.signWithType(new JOSEObjectType("at+jwt"), claims.build()))),
        argumentSet("alg none", token((claims, now) -> new PlainJWT(claims.build()).serialize())),
        argumentSet(
            "tampered payload, original signature",
            token(
                (claims, now) -> {
                  String[] parts = jwts.sign(claims.build()).split("\\.");
                  parts[1] =
                      Base64.getUrlEncoder()
                          .withoutPadding()
                          .encodeToString(
                              claims
                                  .claim("roles", List.of("user", "admin"))
                                  .build()
                                  .toString()
                                  .getBytes(StandardCharsets.UTF_8));
                  return String.join(".", parts);
                })),
        argumentSet("not a JWT", token((claims, now) -> "not-a-jwt")));
  }

  /** Gives a row's lambda its type: (claims of a valid token, now) -> the token to send. */
  private static BiFunction<JWTClaimsSet.Builder, Instant, String> token(
      BiFunction<JWTClaimsSet.Builder, Instant, String> token) {
    return token;
  }

  @ParameterizedTest
  @MethodSource("rejectedTokens")
  void logoutWhenJwtInvalidThenUnauthorizedAndSessionKept(
      BiFunction<JWTClaimsSet.Builder, Instant, String> token) {
    TestUser user = createUser("user");
    LoggedIn session = login(user);
    Instant now = clock.instant();

    MvcTestResult result =
        mvc.post()
            .uri("/logout")
            .header(
                HttpHeaders.AUTHORIZATION, "Bearer " + token.apply(claims(user, session, now), now))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result.getResponse().getHeader(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    assertThat(introspect(session.token())).bodyJson().extractingPath("$.active").isEqualTo(true);
  }

  @Test
  void logoutWhenJwtExpiredWithinClockSkewThenAccepted() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);
    Instant now = clock.instant();
    String jwt = jwts.sign(mintedAgo(claims(user, session, now), now, 63).build());

    assertThat(mvc.post().uri("/logout").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt))
        .hasStatus(HttpStatus.NO_CONTENT);
    assertThat(introspect(session.token())).bodyJson().isStrictlyEqualTo("{\"active\":false}");
  }

  @Test
  void adminWhenJwtRoleIsNotAdminThenForbidden() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);

    assertThat(
            mvc.get()
                .uri("/admin/sessions")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + jwtFor(user, session)))
        .hasStatus(HttpStatus.FORBIDDEN);
  }

  @Test
  void adminWhenJwtRoleIsAdminThenPastAuthorization() {
    TestUser admin = createUser("user", "admin");
    LoggedIn session = login(admin);
    String jwt =
        jwts.sign(
            jwts.claims(
                    clock.instant(),
                    admin.id(),
                    session.sid(),
                    admin.username(),
                    List.of("user", "admin"))
                .build());

    assertThat(mvc.get().uri("/admin/sessions").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt))
        .hasStatus(HttpStatus.OK);
  }

  @Test
  void protectedPathWhenNoJwtThenUnauthorized() {
    assertThat(mvc.get().uri("/admin/sessions")).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(mvc.get().uri("/account/sessions")).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  /** A 60 s token minted {@code seconds} ago. */
  private static JWTClaimsSet.Builder mintedAgo(
      JWTClaimsSet.Builder claims, Instant now, long seconds) {
    Instant minted = now.minusSeconds(seconds);
    return claims
        .issueTime(Date.from(minted))
        .notBeforeTime(Date.from(minted))
        .expirationTime(Date.from(minted.plusSeconds(60)));
  }

  private JWTClaimsSet.Builder claims(TestUser user, LoggedIn session, Instant now) {
    return jwts.claims(now, user.id(), session.sid(), user.username(), List.of("user"));
  }

  private String jwtFor(TestUser user, LoggedIn session) {
    return jwts.sign(claims(user, session, clock.instant()).build());
  }

  private static void assertCookieCleared(MvcTestResult result) {
    String cookie = result.getResponse().getHeader(HttpHeaders.SET_COOKIE);
    assertThat(cookie).startsWith("GATEHOUSE_SESSION=;");
    assertThat(cookie.split("; ")).contains("Max-Age=0", "Path=/", "HttpOnly", "SameSite=Lax");
  }
}
