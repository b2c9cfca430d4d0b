package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.session.CredentialResolution;
import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.gateway.session.TestCredentials;
import dev.gatehouse.gateway.system.Denial;
import dev.gatehouse.gateway.token.TokenProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** The route policy as a table: auth mode × session × roles, and the cross-site check. */
class AuthorizeStepTests {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  final AuthorizeStep authorize =
      new AuthorizeStep(
          new CrossSiteRequestCheck(
              new CsrfProperties(List.of()),
              new TokenProperties(
                  "https://gateway.example",
                  Duration.ofSeconds(60),
                  0.1,
                  4096,
                  Duration.ofHours(24),
                  Duration.ofMinutes(10))));

  static Stream<Arguments> decisions() {
    Duration retry = Duration.ofSeconds(5);
    return Stream.of(
        row("required, session, no role needed", AuthMode.REQUIRED, user(), List.of(), null),
        row(
            "required, session, role missing",
            AuthMode.REQUIRED,
            user(),
            List.of("admin"),
            new Denial.MissingRole()),
        row("required, session, role present", AuthMode.REQUIRED, admin(), List.of("admin"), null),
        row(
            "required, session, one of two roles",
            AuthMode.REQUIRED,
            user(),
            List.of("admin", "user"),
            null),
        row(
            "required, no credential",
            AuthMode.REQUIRED,
            anonymous("no-credential"),
            List.of(),
            new Denial.Unauthenticated("no-credential")),
        row(
            "required, inactive session",
            AuthMode.REQUIRED,
            anonymous("inactive-session"),
            List.of("admin"),
            new Denial.Unauthenticated("inactive-session")),
        row(
            "required, forged token",
            AuthMode.REQUIRED,
            anonymous("forged-token"),
            List.of(),
            new Denial.Unauthenticated("forged-token")),
        row("optional, no session", AuthMode.OPTIONAL, anonymous("no-credential"), List.of(), null),
        row("optional, session", AuthMode.OPTIONAL, user(), List.of(), null),
        row(
            "optional, session, role missing",
            AuthMode.OPTIONAL,
            user(),
            List.of("admin"),
            new Denial.MissingRole()),
        row(
            "optional, cookie too large",
            AuthMode.OPTIONAL,
            refused(new Denial.CookieTooLarge()),
            List.of(),
            new Denial.CookieTooLarge()),
        row(
            "optional, auth-service down",
            AuthMode.OPTIONAL,
            refused(new Denial.AuthUnavailable(retry)),
            List.of(),
            new Denial.AuthUnavailable(retry)),
        row(
            "required, over the miss budget",
            AuthMode.REQUIRED,
            refused(new Denial.TooManyRequests(retry)),
            List.of(),
            new Denial.TooManyRequests(retry)),
        row(
            "required, auth-service down, role route",
            AuthMode.REQUIRED,
            refused(new Denial.AuthUnavailable(retry)),
            List.of("admin"),
            new Denial.AuthUnavailable(retry)));
  }

  @ParameterizedTest
  @MethodSource("decisions")
  void decideWhenPolicyAndAuthenticationThenDeniedOrPassed(
      AuthMode mode, Authentication authentication, List<String> roles, @Nullable Denial expected) {
    RoutePolicy policy = new RoutePolicy("route", "backend", mode, roles, null);

    assertThat(authorize.decide(policy, authentication)).isEqualTo(Optional.ofNullable(expected));
  }

  static Stream<Arguments> crossSite() {
    String token = TestSessions.newToken();
    return Stream.of(
        Arguments.argumentSet(
            "POST from another site with the session cookie",
            post("https://evil.example").cookie(new HttpCookie("GATEHOUSE_SESSION", token)),
            true),
        Arguments.argumentSet(
            "POST from another site without any credential", post("https://evil.example"), true),
        Arguments.argumentSet(
            "POST from another site with a bearer session token (no ambient credential)",
            post("https://evil.example").header(HttpHeaders.AUTHORIZATION, "Bearer " + token),
            false),
        Arguments.argumentSet(
            "POST from another site with a malformed bearer",
            post("https://evil.example").header(HttpHeaders.AUTHORIZATION, "Bearer nonsense"),
            true),
        Arguments.argumentSet(
            "POST from the gateway's own origin", post("https://gateway.example"), false),
        Arguments.argumentSet(
            "GET from another site",
            MockServerHttpRequest.get("http://localhost:8080/api/notes")
                .header(HttpHeaders.ORIGIN, "https://evil.example"),
            false));
  }

  @ParameterizedTest
  @MethodSource("crossSite")
  void crossSiteWhenRequestThenRefusedOnlyForAmbientCredentials(
      MockServerHttpRequest.BaseBuilder<?> request, boolean refused) {
    MockServerHttpRequest built = request.build();
    CredentialResolution credential = TestCredentials.resolve(built);

    assertThat(authorize.crossSite(built, credential))
        .isEqualTo(refused ? Optional.of(new Denial.CrossSite()) : Optional.empty());
  }

  private static MockServerHttpRequest.BaseBuilder<?> post(String origin) {
    return MockServerHttpRequest.post("http://localhost:8080/api/notes")
        .header(HttpHeaders.ORIGIN, origin);
  }

  private static Arguments row(
      String name,
      AuthMode mode,
      Authentication authentication,
      List<String> roles,
      @Nullable Denial expected) {
    return Arguments.argumentSet(name, mode, authentication, roles, expected);
  }

  static Authentication user() {
    return session("user");
  }

  static Authentication admin() {
    return session("admin");
  }

  static Authentication session(String role) {
    return new Authentication.Authenticated(
        TestCredentials.cookie(),
        new Introspection.Active(
            "u-1", "alice", "sid-1", List.of(role), NOW, NOW.plusSeconds(3600), NOW));
  }

  static Authentication anonymous(String reason) {
    return new Authentication.Anonymous(reason);
  }

  static Authentication refused(Denial denial) {
    return new Authentication.Refused(denial);
  }
}
