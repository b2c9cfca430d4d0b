package dev.gatehouse.auth.oidc.logout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.oidc.logout.TestLogoutTokens.Builder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * OpenID Connect Back-Channel Logout 1.0 against a real provider (mock-oauth2-server over HTTP:
 * discovery at start, its JWKS fetched by the receiver) and a real PostgreSQL: valid tokens revoke
 * exactly the sessions they name through the revocation log; every attack is refused with 400 and
 * changes nothing (the session stays active, no revocation, the {@code jti} is not consumed).
 *
 * <p>The sessions are password logins marked as coming from the provider (issuer, {@code sid}) and
 * users linked by (issuer, {@code sub}), the columns the OIDC login writes: this tests the
 * receiver, not the login.
 */
class BackChannelLogoutIntegrationTests extends AbstractOidcLogoutIntegrationTests {

  @Autowired LogoutTokenReplayCache replayCache;
  @Autowired MeterRegistry meters;

  @Test
  void logoutWhenTokenNamesProviderSessionThenOnlyThatSessionRevokedAndAudited() {
    TestUser user = createUser();
    String subject = linked(user);
    LoggedIn named = providerSession(user, "idp-session-1");
    LoggedIn otherProviderSession = providerSession(user, "idp-session-2");
    LoggedIn password = login(user);

    MvcTestResult result =
        post(IDP, valid().claim("sid", "idp-session-1").claim("sub", subject).sign());

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(isActive(named)).isFalse();
    assertThat(isActive(otherProviderSession)).isTrue();
    assertThat(isActive(password)).isTrue();
    assertThat(revocationReasons(named.sid())).containsExactly("idp-logout");
    assertThat(auditActions(user.id())).containsExactly("idp-logout");
    assertThat(revokedBy(named.sid())).isEqualTo("idp:" + IDP);
  }

  @Test
  void logoutWhenTokenNamesOnlySubjectThenEverySessionOfTheLinkedUserRevoked() {
    TestUser user = createUser();
    String subject = linked(user);
    LoggedIn first = providerSession(user, "idp-session-a");
    LoggedIn second = providerSession(user, "idp-session-b");
    LoggedIn password = login(user);
    TestUser bystander = createUser();
    LoggedIn bystanderSession = providerSession(bystander, "idp-session-c");

    assertThat(post(IDP, valid().claim("sub", subject).sign())).hasStatus(HttpStatus.OK);

    assertThat(List.of(first, second, password)).noneMatch(this::isActive);
    assertThat(isActive(bystanderSession)).isTrue();
  }

  @Test
  void logoutWhenSidAndSubOfAnotherUserThenNothingRevoked() {
    TestUser victim = createUser();
    LoggedIn session = providerSession(victim, "idp-session-victim");
    TestUser other = createUser();
    String otherSubject = linked(other);

    MvcTestResult result =
        post(IDP, valid().claim("sid", "idp-session-victim").claim("sub", otherSubject).sign());

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(isActive(session)).isTrue();
  }

  @Test
  void logoutWhenNoSessionMatchesThenOk() {
    assertThat(post(IDP, valid().claim("sid", "no-such-session").sign())).hasStatus(HttpStatus.OK);
    assertThat(post(IDP, valid().claim("sub", "no-such-subject").sign())).hasStatus(HttpStatus.OK);
  }

  @Test
  void logoutWhenSameTokenSentAgainThenRefusedAndLaterSessionSurvives() {
    TestUser user = createUser();
    LoggedIn before = providerSession(user, "idp-session-replayed");
    String token = valid().claim("sid", "idp-session-replayed").sign();
    assertThat(post(IDP, token)).hasStatus(HttpStatus.OK);
    assertThat(isActive(before)).isFalse();
    // The user logs in again through the same provider session; the recorded token comes back.
    LoggedIn after = providerSession(user, "idp-session-replayed");

    MvcTestResult replayed = post(IDP, token);

    assertRefused(replayed);
    assertThat(isActive(after)).isTrue();
  }

  @Test
  void logoutWhenSameTokenArrivesTwiceAtOnceThenExactlyOneAccepted() throws Exception {
    TestUser user = createUser();
    LoggedIn session = providerSession(user, "idp-session-concurrent");
    String token = valid().claim("sid", "idp-session-concurrent").sign();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        answers.add(
            threads.submit(
                () -> {
                  start.await();
                  return post(IDP, token).getResponse().getStatus();
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        statuses.add(answer.get(30, TimeUnit.SECONDS));
      }

      assertThat(statuses).containsExactlyInAnyOrder(200, 400);
    } finally {
      threads.shutdownNow();
    }
    assertThat(isActive(session)).isFalse();
    assertThat(revocationReasons(session.sid())).containsExactly("idp-logout");
  }

  @Test
  void logoutWhenAcceptedOrRefusedThenCountedByOutcome() {
    double accepted = outcomes("accepted");
    double invalid = outcomes("invalid");

    post(IDP, valid().claim("sid", "idp-session-counted").sign());
    post(IDP, valid().without("jti").claim("sid", "idp-session-counted").sign());

    assertThat(outcomes("accepted")).isEqualTo(accepted + 1);
    assertThat(outcomes("invalid")).isEqualTo(invalid + 1);
  }

  private double outcomes(String outcome) {
    return meters.get(BackChannelLogoutMetrics.NAME).tag("outcome", outcome).counter().count();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void logoutWhenTokenIsAnAttackThenBadRequestAndNothingChanged(Function<Builder, String> attack) {
    TestUser user = createUser();
    String subject = linked(user);
    LoggedIn session = providerSession(user, "idp-session-attacked");
    long revocationsBefore = revocationCount();
    Builder token =
        valid().claim("sid", "idp-session-attacked").claim("sub", subject).claim("jti", jti());
    String jti = (String) token.claimsSet().getClaim("jti");

    MvcTestResult result = post(IDP, attack.apply(token));

    assertRefused(result);
    assertThat(isActive(session)).isTrue();
    assertThat(revocationCount()).isEqualTo(revocationsBefore);
    assertThat(remembered(jti)).isFalse();
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        row(
            "signed by another key claiming the provider's kid",
            token -> token.signedWithAnotherKeyOfTheSameId().sign()),
        row(
            "signed by another issuer's key",
            token -> token.signedWith(provider.signingKey(OTHER)).sign()),
        row("payload changed after signing", token -> token.signThenTamper("sid", "other-sid")),
        row("alg none", Builder::unsigned),
        row("HS256 keyed with the client secret", token -> token.signHmac(CLIENT_SECRET)),
        row("iss of another provider", token -> token.claim("iss", provider.issuer(OTHER)).sign()),
        row("aud of another client", token -> token.claim("aud", OTHER_CLIENT_ID).sign()),
        row("no jti", token -> token.without("jti").sign()),
        row("no events", token -> token.without("events").sign()),
        row(
            "another event",
            token ->
                token
                    .claim("events", Map.of("http://schemas.openid.net/event/x", Map.of()))
                    .sign()),
        row(
            "event value not a JSON object",
            token ->
                token.claim("events", Map.of(TestLogoutTokens.BACK_CHANNEL_LOGOUT, "yes")).sign()),
        row("nonce present (an ID token)", token -> token.claim("nonce", "n-0S6_WzA2Mj").sign()),
        row("neither sid nor sub", token -> token.without("sid").without("sub").sign()),
        row("no iat", token -> token.without("iat").sign()),
        row(
            "iat older than the accepted age",
            token -> token.claim("iat", Instant.now().minus(Duration.ofMinutes(10))).sign()),
        row(
            "iat in the future",
            token -> token.claim("iat", Instant.now().plus(Duration.ofMinutes(5))).sign()),
        row(
            "exp passed",
            token -> token.claim("exp", Instant.now().minus(Duration.ofMinutes(2))).sign()),
        row("typ at+jwt (an access token)", token -> token.type("at+jwt").sign()),
        row("not a JWT", token -> "not-a-jwt"));
  }

  @ParameterizedTest(name = "typ {0}")
  @ValueSource(strings = {"logout+jwt", "application/logout+jwt", "JWT", ""})
  void logoutWhenTypedAsTheSpecAllowsThenAccepted(String type) {
    TestUser user = createUser();
    LoggedIn session = providerSession(user, "idp-session-typ-" + UUID.randomUUID());
    String sid =
        jdbc.sql("SELECT idp_sid FROM sessions WHERE sid = ?")
            .param(session.sid())
            .query(String.class)
            .single();

    MvcTestResult result =
        post(IDP, valid().type(type.isEmpty() ? null : type).claim("sid", sid).sign());

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(isActive(session)).isFalse();
  }

  @Test
  void logoutWhenTokenOfOneRegistrationSentToAnotherThenRefused() {
    TestUser user = createUser();
    LoggedIn session = providerSession(user, "idp-session-cross");

    assertRefused(post(OTHER, valid().claim("sid", "idp-session-cross").sign()));
    assertRefused(post("no-such-registration", valid().claim("sid", "idp-session-cross").sign()));
    assertThat(isActive(session)).isTrue();
  }

  @Test
  void logoutWhenTokenNotInFormBodyThenRefused() {
    String token = valid().claim("sid", "x").sign();

    MvcTestResult json =
        mvc.post()
            .uri("/logout/connect/back-channel/" + IDP)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"logout_token\":\"" + token + "\"}")
            .exchange();
    MvcTestResult query =
        mvc.post()
            .uri("/logout/connect/back-channel/" + IDP + "?logout_token=" + token)
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .exchange();
    MvcTestResult missing =
        mvc.post()
            .uri("/logout/connect/back-channel/" + IDP)
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content("other=1")
            .exchange();

    assertRefused(json);
    assertRefused(query);
    assertRefused(missing);
  }

  @Test
  void logoutWhenProviderKeysUnreachableThenServiceUnavailableAndNothingChanged() {
    MvcTestResult result = post("unreachable", valid().claim("sid", "x").sign());

    assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("temporarily_unavailable");
  }

  @Test
  void purgeWhenRememberedTokensTooOldThenForgottenAndStillRefusedByAge() {
    String token = valid().claim("sid", "idp-session-purged").sign();
    assertThat(post(IDP, token)).hasStatus(HttpStatus.OK);
    clock.advance(Duration.ofMinutes(7));

    assertThat(replayCache.purge()).isPositive();

    assertRefused(post(IDP, token));
  }

  private static Arguments row(String name, Function<Builder, String> attack) {
    return arguments(named(name, attack));
  }

  private static String jti() {
    return UUID.randomUUID().toString();
  }

  private static void assertRefused(MvcTestResult result) {
    assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("invalid_request");
  }

  private long revocationCount() {
    return jdbc.sql("SELECT COUNT(*) FROM revocation_log").query(Long.class).single();
  }

  private boolean remembered(String jti) {
    return jdbc.sql("SELECT COUNT(*) FROM oidc_logout_tokens WHERE jti = ?")
            .param(jti)
            .query(Long.class)
            .single()
        > 0;
  }

  private List<String> auditActions(UUID userId) {
    return jdbc.sql("SELECT action FROM audit_log WHERE target_user_id = ? ORDER BY id")
        .param(userId)
        .query(String.class)
        .list();
  }

  private String revokedBy(UUID sid) {
    return jdbc.sql("SELECT revoked_by FROM sessions WHERE sid = ?")
        .param(sid)
        .query(String.class)
        .single();
  }
}
