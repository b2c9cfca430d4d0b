package dev.gatehouse.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The provider's answer is refused, and nothing is created (no account, no link, no session, no
 * cookie), when its ID token is not exactly what Spring Security's validation demands: each attack
 * a row. The provider itself produces the expired token; the tokens it would never sign for this
 * client (other audiences, another nonce, a stranger's key, {@code alg: none}, another issuer's
 * token) come from {@link TokenRewritingProxy} in front of its token endpoint, signed again with
 * the provider's own key where the attack is not the signature. A replayed or unknown {@code state}
 * is refused before any token is asked for. A provider that cannot be reached leaves existing
 * sessions working and gives new logins a clear 503 page.
 */
class OidcTokenAttacksIntegrationTests extends AbstractOidcIntegrationTests {

  @AfterEach
  void passTokensThrough() {
    FAULTS.rewriteIdToken(token -> token);
  }

  /** What the provider is told to issue, and what the proxy does to the ID token on its way. */
  record Attack(Consumer<String> provider, java.util.function.UnaryOperator<String> rewrite) {}

  static Stream<Arguments> attacks() {
    return Stream.of(
        Arguments.argumentSet(
            "wrong aud",
            new Attack(
                OidcTokenAttacksIntegrationTests::honest,
                token ->
                    PROVIDER.resigned(token, "faulty", Map.of("aud", List.of("another-client"))))),
        Arguments.argumentSet(
            "several audiences without azp",
            new Attack(
                OidcTokenAttacksIntegrationTests::honest,
                token ->
                    PROVIDER.resigned(
                        token,
                        "faulty",
                        Map.of("aud", List.of(TestIdentityProvider.CLIENT_ID, "another-client")),
                        "azp"))),
        Arguments.argumentSet(
            "azp of another client",
            new Attack(
                OidcTokenAttacksIntegrationTests::honest,
                token ->
                    PROVIDER.resigned(
                        token,
                        "faulty",
                        Map.of(
                            "aud",
                            List.of(TestIdentityProvider.CLIENT_ID, "another-client"),
                            "azp",
                            "another-client")))),
        Arguments.argumentSet(
            "expired",
            new Attack(
                subject ->
                    PROVIDER.nextLogin(
                        "faulty",
                        subject,
                        List.of(TestIdentityProvider.CLIENT_ID),
                        claims(),
                        Duration.ofMinutes(-10)),
                token -> token)),
        Arguments.argumentSet(
            "wrong nonce",
            new Attack(
                OidcTokenAttacksIntegrationTests::honest,
                token ->
                    PROVIDER.resigned(
                        token, "faulty", Map.of("nonce", "a-nonce-of-another-login")))),
        Arguments.argumentSet(
            "no nonce",
            new Attack(
                OidcTokenAttacksIntegrationTests::honest,
                token -> PROVIDER.resigned(token, "faulty", Map.of("nonce", "")))),
        Arguments.argumentSet(
            "bad signature",
            new Attack(
                OidcTokenAttacksIntegrationTests::honest, TestIdentityProvider::signedByStranger)),
        Arguments.argumentSet(
            "alg none",
            new Attack(OidcTokenAttacksIntegrationTests::honest, TestIdentityProvider::unsigned)),
        Arguments.argumentSet(
            "another issuer's valid token",
            new Attack(
                OidcTokenAttacksIntegrationTests::honest,
                token -> PROVIDER.resigned(token, "idp", Map.of()))));
  }

  @ParameterizedTest
  @MethodSource("attacks")
  void callbackWhenIdTokenForgedOrWrongThenRefusedAndNothingCreated(Attack attack) {
    String subject = TestIdentityProvider.randomSubject();
    attack.provider().accept(subject);
    FAULTS.rewriteIdToken(attack.rewrite());
    long sessions = sessionsFrom("faulty");
    double failed = failedLogins();

    MvcTestResult answer = signIn("faulty", "/");

    assertThat(answer).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(body(answer)).contains("Sign-in with your identity provider failed.");
    assertThat(setsSessionCookie(answer)).isFalse();
    assertThat(identitiesOf("faulty", subject)).isZero();
    assertThat(sessionsFrom("faulty")).isEqualTo(sessions);
    assertThat(failedLogins()).isEqualTo(failed + 1);
  }

  @Test
  void callbackWhenTheSameTokenPassesTheProxyUnchangedThenLoginWorks() {
    // The control row: the proxy itself breaks nothing.
    String subject = TestIdentityProvider.randomSubject();
    honest(subject);

    MvcTestResult answer = signIn("faulty", "/");

    assertThat(answer).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(identitiesOf("faulty", subject)).isEqualTo(1);
  }

  @Test
  void callbackWhenStateReplayedThenRefusedAndNoSecondSession() {
    String subject = TestIdentityProvider.randomSubject();
    PROVIDER.nextLogin("idp", subject, claims());
    Callback callback = providerCallback("idp", "/");
    MvcTestResult first = callback(callback);
    assertThat(first).hasStatus(HttpStatus.SEE_OTHER);
    long sessions = sessionsFrom("idp");

    MvcTestResult replayed = callback(callback);

    assertThat(replayed).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(body(replayed)).contains("Sign-in with your identity provider failed.");
    assertThat(setsSessionCookie(replayed)).isFalse();
    assertThat(sessionsFrom("idp")).isEqualTo(sessions);
  }

  @Test
  void callbackWhenStateUnknownThenRefused() {
    // No nextLogin: the provider takes its queued identity at the token request, which never comes.
    Callback callback = providerCallback("idp", "/");
    String tampered =
        callback.pathAndQuery().replaceFirst("state=[^&]+", "state=not-the-state-of-any-login");

    MvcTestResult answer = callback(tampered, callback.browserCookie());

    assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(setsSessionCookie(answer)).isFalse();
  }

  @Test
  void callbackWhenFromAnotherBrowserThenRefusedAndTheRealLoginStillCompletes() {
    // Login CSRF: the attacker began this login and hands the victim its callback URL.
    String subject = TestIdentityProvider.randomSubject();
    PROVIDER.nextLogin("idp", subject, claims());
    Callback attackers = providerCallback("idp", "/");
    long sessions = sessionsFrom("idp");

    MvcTestResult withoutCookie = callback(attackers.pathAndQuery(), null);
    MvcTestResult withAnotherCookie =
        callback(
            attackers.pathAndQuery(),
            new jakarta.servlet.http.Cookie("GATEHOUSE_OIDC", "the-victims-own-login"));

    assertThat(withoutCookie).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(withAnotherCookie).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(setsSessionCookie(withoutCookie) || setsSessionCookie(withAnotherCookie)).isFalse();
    assertThat(sessionsFrom("idp")).isEqualTo(sessions);
    assertThat(callback(attackers)).hasStatus(HttpStatus.SEE_OTHER);
  }

  @Test
  void authorizationRequestWhenStoredThenOnlyTheHashOfStateIsItsKey() {
    MvcTestResult start =
        mvc.get().uri(java.net.URI.create("http://localhost/oauth2/authorization/idp")).exchange();
    String location = start.getResponse().getHeader("Location");
    String state =
        java.net.URLDecoder.decode(
            location.replaceFirst(".*[?&]state=([^&]+).*", "$1"),
            java.nio.charset.StandardCharsets.UTF_8);

    List<String> keys =
        jdbc.sql("SELECT state_hash FROM oidc_authorization_requests").query(String.class).list();

    assertThat(keys).contains(Sha256.hex(state)).doesNotContain(state);
  }

  @Test
  void callbackWhenProviderUnreachableThenClearPageAndExistingSessionsKeepWorking() {
    PROVIDER.nextLogin("down", TestIdentityProvider.randomSubject(), claims());
    MvcTestResult before = signIn("down", "/");
    String existing = newSessionToken(before);
    Callback callback = providerCallback("down", "/");
    DOWN.close();

    MvcTestResult answer = callback(callback);

    assertThat(answer).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(body(answer)).contains("Your identity provider cannot be reached right now.");
    assertThat(setsSessionCookie(answer)).isFalse();
    assertThat((Boolean) JsonPath.read(body(introspect(existing)), "$.active")).isTrue();
  }

  private static void honest(String subject) {
    PROVIDER.nextLogin("faulty", subject, claims());
  }

  private static Map<String, Object> claims() {
    return Map.of("preferred_username", OidcLoginIntegrationTests.newUsername());
  }

  private double failedLogins() {
    MvcTestResult scrape =
        mvc.get()
            .uri("/actuator/prometheus")
            .header("Authorization", basicRaw("prometheus", SCRAPE_PASSWORD))
            .exchange();
    return body(scrape)
        .lines()
        .filter(
            line ->
                line.startsWith("gatehouse_logins_total{")
                    && line.contains("outcome=\"oidc_failed\""))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
