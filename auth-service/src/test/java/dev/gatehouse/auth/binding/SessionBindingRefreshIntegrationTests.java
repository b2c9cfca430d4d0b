package dev.gatehouse.auth.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.protocol.SessionBinding;
import dev.gatehouse.testsupport.dbsc.DbscClient;
import dev.gatehouse.testsupport.dbsc.DbscHeaders;
import dev.gatehouse.testsupport.dbsc.DbscResponse;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/** DBSC refresh (draft §8.4): challenge, proof by the stored key, continue: false, refusals. */
class SessionBindingRefreshIntegrationTests extends AbstractBindingIntegrationTests {

  @Autowired private RevocationService revocations;
  @Autowired private MeterRegistry meters;

  @Test
  void refreshWhenNoProofThen403WithChallengeNamingTheSession() {
    Browser browser = loginBrowser();
    register(DbscClient.es256(), browser);

    DbscResponse response = refreshWithout(browser.session().sid().toString());

    assertThat(response.status()).isEqualTo(403);
    assertThat(problemError(response)).isEqualTo("challenge_required");
    DbscHeaders.Challenge challenge =
        DbscHeaders.challenge(response.header(SessionBinding.CHALLENGE_HEADER).orElseThrow());
    assertThat(challenge.id()).isEqualTo(browser.session().sid().toString());
    assertThat(challenge.challenge()).matches("[A-Za-z0-9_-]{43}");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ES256", "RS256"})
  void refreshWhenProofByTheSessionKeyThenNewBoundCookieAndInstructions(String algorithm) {
    Browser browser = loginBrowser();
    DbscClient client = algorithm.equals("ES256") ? DbscClient.es256() : DbscClient.rs256();
    register(client, browser);
    String first = client.boundCookie().orElseThrow();

    // The proof alone is the credential: no session cookie, as after it was stolen and dropped.
    DbscResponse response = client.refresh(anonymous());

    assertThat(response.status()).isEqualTo(200);
    assertThat(client.boundCookie()).isPresent().isNotEqualTo(java.util.Optional.of(first));
    assertThat(client.instructions().sessionIdentifier())
        .isEqualTo(browser.session().sid().toString());
    assertThat(client.instructions().continues()).isTrue();
    assertThat(auditReasons(browser.session().sid(), "binding-refreshed")).hasSize(1);
  }

  @Test
  void refreshWhenSessionCookieOfTheSameSessionThenAccepted() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);

    assertThat(client.refresh(direct(browser)).status()).isEqualTo(200);
    assertThat(client.refresh(throughGateway(browser)).status()).isEqualTo(200);
  }

  @Test
  void refreshWhenSessionCookieOfAnotherSessionThenRefused() {
    Browser browser = loginBrowser();
    Browser other = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);

    DbscResponse response = client.refresh(direct(other));

    assertThat(response.status()).isEqualTo(403);
    assertThat(problemError(response)).isEqualTo("session_mismatch");
  }

  @Test
  void refreshWhenProofByAnotherKeyThen403AndAudited() {
    Browser browser = loginBrowser();
    register(DbscClient.es256(), browser);
    String challenge = challenge(browser);

    DbscResponse response =
        refreshWith(browser.session().sid(), DbscClient.es256().refreshProof(challenge));

    assertThat(response.status()).isEqualTo(403);
    assertThat(problemError(response)).isEqualTo("wrong_key");
    assertThat(auditReasons(browser.session().sid(), "binding-refused"))
        .containsExactly("wrong_key");
  }

  @Test
  void refreshWhenJwkOfAnotherKeyThenRefused() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    String challenge = challenge(browser);
    DbscClient other = DbscClient.es256();

    DbscResponse response =
        refreshWith(
            browser.session().sid(),
            client.sign(
                client.header(false).jwk(other.publicJwk()).build(),
                DbscClient.claims(challenge, null)));

    assertThat(response.status()).isEqualTo(403);
    assertThat(problemError(response)).isEqualTo("wrong_key");
  }

  @Test
  void refreshWhenTamperedOrUnsignedThenRefused() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    String challenge = challenge(browser);
    UUID sid = browser.session().sid();

    DbscResponse tampered =
        refreshWith(
            sid,
            DbscClient.withPayload(
                client.refreshProof(challenge), DbscClient.claims(challenge, "x")));
    DbscResponse none = refreshWith(sid, client.unsigned(DbscClient.claims(challenge, null)));
    DbscResponse noJti =
        refreshWith(
            sid, client.sign(client.header(false).build(), new JWTClaimsSet.Builder().build()));

    assertThat(tampered.status()).isEqualTo(403);
    assertThat(none.status()).isEqualTo(400);
    assertThat(problemError(none)).isEqualTo("invalid_proof");
    assertThat(noJti.status()).isEqualTo(400);
    // None of them used the challenge up.
    assertThat(refreshWith(sid, client.refreshProof(challenge)).status()).isEqualTo(200);
  }

  @Test
  void refreshWhenChallengeReplayedThenRefusedWithANewChallenge() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    String proof = client.refreshProof(challenge(browser));
    assertThat(refreshWith(browser.session().sid(), proof).status()).isEqualTo(200);

    DbscResponse replay = refreshWith(browser.session().sid(), proof);

    assertThat(replay.status()).isEqualTo(403);
    assertThat(problemError(replay)).isEqualTo("invalid_challenge");
    assertThat(replay.header(SessionBinding.CHALLENGE_HEADER)).isPresent();
  }

  @Test
  void refreshWhenChallengeStaleThenRefusedAndTheNewChallengeWorks() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    String stale = challenge(browser);
    clock.advance(Duration.ofMinutes(2).plusSeconds(1));

    DbscResponse response = refreshWith(browser.session().sid(), client.refreshProof(stale));

    assertThat(response.status()).isEqualTo(403);
    assertThat(problemError(response)).isEqualTo("invalid_challenge");
    String fresh =
        DbscHeaders.challenge(response.header(SessionBinding.CHALLENGE_HEADER).orElseThrow())
            .challenge();
    assertThat(refreshWith(browser.session().sid(), client.refreshProof(fresh)).status())
        .isEqualTo(200);
  }

  @Test
  void refreshWhenFloodOfChallengeRequestsThenAtMostThreeStoredAndTheNewestWorks() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    // The browser's challenge, then someone who knows the sid asks for many more.
    String browsers = challenge(browser);
    String newest = null;
    for (int i = 0; i < 50; i++) {
      // Challenges are ranked by expiry: on a clock that stands still they would all tie, and
      // which of the tied ones is dropped is arbitrary (at most three kept, the newest always).
      clock.advance(Duration.ofMillis(1));
      newest = challenge(browser);
    }

    assertThat(challengeRows(browser.session().sid())).isEqualTo(BindingService.CHALLENGES_KEPT);
    assertThat(refreshWith(browser.session().sid(), client.refreshProof(newest)).status())
        .isEqualTo(200);
    // The evicted one is answered like a stale one: 403 with a fresh challenge that works.
    DbscResponse evicted = refreshWith(browser.session().sid(), client.refreshProof(browsers));
    assertThat(evicted.status()).isEqualTo(403);
    assertThat(problemError(evicted)).isEqualTo("invalid_challenge");
    String fresh =
        DbscHeaders.challenge(evicted.header(SessionBinding.CHALLENGE_HEADER).orElseThrow())
            .challenge();
    assertThat(refreshWith(browser.session().sid(), client.refreshProof(fresh)).status())
        .isEqualTo(200);
    assertThat(challengeRows(browser.session().sid()))
        .isLessThanOrEqualTo(BindingService.CHALLENGES_KEPT);
  }

  @Test
  void refreshWhenFloodOfChallengeRequestsThenOtherSessionsKeepTheirs() {
    Browser victim = loginBrowser();
    Browser other = loginBrowser();
    DbscClient otherClient = DbscClient.es256();
    register(DbscClient.es256(), victim);
    register(otherClient, other);
    String othersChallenge = challenge(other);

    for (int i = 0; i < 10; i++) {
      challenge(victim);
    }

    assertThat(challengeRows(other.session().sid())).isEqualTo(1);
    assertThat(
            refreshWith(other.session().sid(), otherClient.refreshProof(othersChallenge)).status())
        .isEqualTo(200);
  }

  private int challengeRows(UUID sid) {
    return jdbc.sql("SELECT COUNT(*) FROM session_binding_challenges WHERE sid = ?")
        .param(sid)
        .query(Integer.class)
        .single();
  }

  @Test
  void refreshWhenChallengeOfAnotherSessionThenRefused() {
    Browser browser = loginBrowser();
    Browser other = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    register(DbscClient.es256(), other);

    DbscResponse response =
        refreshWith(browser.session().sid(), client.refreshProof(challenge(other)));

    assertThat(response.status()).isEqualTo(403);
    assertThat(problemError(response)).isEqualTo("invalid_challenge");
  }

  @Test
  void refreshWhenSessionRevokedThenContinueFalseAndCookieCleared() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    revocations.revokeSession(browser.session().sid(), "test", "logout");

    DbscResponse response = client.refresh(anonymous());

    assertThat(response.status()).isEqualTo(200);
    assertThat(JsonPath.<Boolean>read(response.body(), "$.continue")).isFalse();
    assertThat(JsonPath.<String>read(response.body(), "$.session_identifier"))
        .isEqualTo(browser.session().sid().toString());
    assertThat(response.headers("Set-Cookie"))
        .anySatisfy(
            cookie -> assertThat(cookie).startsWith(BOUND_COOKIE + "=;").contains("Max-Age=0"));
    assertThat(client.boundCookie()).isEmpty();
  }

  @Test
  void refreshWhenSessionIdleTimedOutThenContinueFalse() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    clock.advance(Duration.ofMinutes(31));

    DbscResponse response = client.refresh(anonymous());

    assertThat(JsonPath.<Boolean>read(response.body(), "$.continue")).isFalse();
  }

  @Test
  void refreshWhenUserLoggedOutThenContinueFalseAtOnce() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    mvc.post()
        .uri("/logout")
        .cookie(new Cookie("GATEHOUSE_SESSION", browser.session().token()))
        .exchange();

    DbscResponse response = client.refresh(anonymous());

    assertThat(JsonPath.<Boolean>read(response.body(), "$.continue")).isFalse();
  }

  @Test
  void bindingEventsWhenRegisteredRefreshedRefusedThenCounted() {
    double registered = count("registered");
    double refreshed = count("refreshed");
    double refused = count("refused");
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    client.refresh(anonymous());

    refreshWith(browser.session().sid(), DbscClient.es256().refreshProof(challenge(browser)));

    assertThat(count("registered")).isEqualTo(registered + 1);
    assertThat(count("refreshed")).isEqualTo(refreshed + 1);
    assertThat(count("refused")).isEqualTo(refused + 1);
  }

  private double count(String event) {
    return meters.get("gatehouse.binding").tag("event", event).counter().count();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"not-a-uuid", "00000000-0000-0000-0000-000000000000"})
  void refreshWhenSessionUnknownThenContinueFalse(String id) {
    DbscResponse response = refreshWithout(id);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("{\"session_identifier\":\"" + id + "\",\"continue\":false}");
  }

  @Test
  void refreshWhenSessionNeverBoundThenContinueFalse() {
    Browser browser = loginBrowser();

    DbscResponse response = refreshWithout(browser.session().sid().toString());

    assertThat(JsonPath.<Boolean>read(response.body(), "$.continue")).isFalse();
  }

  @Test
  void refreshWhenNoSessionIdThen400() {
    DbscResponse response = anonymous().post(SessionBinding.REFRESH_PATH, Map.of());

    assertThat(response.status()).isEqualTo(400);
    assertThat(problemError(response)).isEqualTo("missing_session_id");
  }

  private DbscResponse refreshWithout(String sessionIdentifier) {
    return anonymous()
        .post(
            SessionBinding.REFRESH_PATH,
            Map.of(SessionBinding.SESSION_ID_HEADER, sessionIdentifier));
  }

  private DbscResponse refreshWith(UUID sid, String proof) {
    return anonymous()
        .post(
            SessionBinding.REFRESH_PATH,
            Map.of(
                SessionBinding.SESSION_ID_HEADER,
                sid.toString(),
                SessionBinding.RESPONSE_HEADER,
                proof));
  }

  /** A fresh refresh challenge of {@code browser}'s (bound) session. */
  private String challenge(Browser browser) {
    DbscResponse response = refreshWithout(browser.session().sid().toString());
    assertThat(response.status()).isEqualTo(403);
    return DbscHeaders.challenge(response.header(SessionBinding.CHALLENGE_HEADER).orElseThrow())
        .challenge();
  }
}
