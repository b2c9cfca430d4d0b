package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.gatehouse.e2e.DbscReferenceServer.Request;
import dev.gatehouse.e2e.DeviceBoundSessionEvents.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What Debian's Chromium does for Device Bound Session Credentials, against {@link
 * DbscReferenceServer} instead of Gatehouse: the browser-side facts {@code
 * DeviceBoundSessionE2ETests} and auth-service rely on, so that a Chromium upgrade that changes
 * them fails here, with a message about the browser, not there. The probe behind them is described
 * in {@code src/test/resources/dbsc-chromium-notes.md}.
 */
class ChromiumDeviceBoundSessionsE2ETests {

  /** Under Chromium's 120 s proactive-refresh threshold: every page load renews the cookie. */
  private static final Duration BOUND_COOKIE_LIFETIME = Duration.ofSeconds(5);

  private static final Duration CEILING = Duration.ofSeconds(30);

  /** How long a registration may take before the page is loaded again for a new offer. */
  private static final Duration OFFER_AGAIN_AFTER = Duration.ofSeconds(5);

  @RegisterExtension final Browsers browsers = new Browsers();
  private final DbscReferenceServer server = DbscReferenceServer.start(BOUND_COOKIE_LIFETIME);

  @BeforeAll
  static void requireChromium() {
    HeadlessChromium.requireInstalled();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void loginRedirectWhenOfferingRegistrationThenChromiumRegistersAKeyWithASignedProof()
      throws Exception {
    HeadlessChromium browser =
        browsers.open("dbsc", server.chromiumSwitches(DeviceBoundSessionEvents.CHROMIUM_SWITCHES));
    try (DeviceBoundSessionEvents dbsc = DeviceBoundSessionEvents.watch(browser)) {
      signIn(browser);

      Request registration = awaitRegistration(browser);
      assertThat(registration.header("Cookie"))
          .as("the session cookie of the same 303 travels with the registration")
          .contains("SESSION=s");
      JWSObject proof = JWSObject.parse(registration.header("Secure-Session-Response"));
      assertThat(proof.getHeader().getType()).hasToString("dbsc+jwt");
      assertThat(proof.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
      ECKey key = (ECKey) proof.getHeader().getJWK();
      assertThat(key.getCurve()).isEqualTo(Curve.P_256);
      assertThat(key.isPrivate()).isFalse();
      assertThat(proof.verify(new ECDSAVerifier(key))).as("signed by the key it carries").isTrue();
      assertThat(proof.getPayload().toJSONObject())
          .containsEntry("jti", DbscReferenceServer.REGISTRATION_CHALLENGE);

      await()
          .atMost(CEILING)
          .untilAsserted(
              () ->
                  assertThat(dbsc.events(Kind.CREATION))
                      .isNotEmpty()
                      .allSatisfy(
                          creation -> {
                            assertThat(creation.succeeded()).isTrue();
                            assertThat(creation.sessionId())
                                .isEqualTo(DbscReferenceServer.SESSION_ID);
                          }));
    }
  }

  @Test
  void boundCookieWhenNearExpiryThenChromiumRefreshesThroughAChallengeWithTheSameKey()
      throws Exception {
    HeadlessChromium browser =
        browsers.open("dbsc", server.chromiumSwitches(DeviceBoundSessionEvents.CHROMIUM_SWITCHES));
    try (DeviceBoundSessionEvents dbsc = DeviceBoundSessionEvents.watch(browser)) {
      signIn(browser);
      ECKey key =
          (ECKey)
              JWSObject.parse(awaitRegistration(browser).header("Secure-Session-Response"))
                  .getHeader()
                  .getJWK();

      browser.open(server.url("/app?again"));

      await()
          .atMost(CEILING)
          .untilAsserted(() -> assertThat(dbsc.events(Kind.REFRESH)).anyMatch(r -> r.succeeded()));
      List<Request> refreshes = server.requests("POST", "/session-binding/refresh");
      assertThat(refreshes.get(0).header("Secure-Session-Response"))
          .as("the first refresh asks for a challenge, unsigned")
          .isNull();
      assertThat(refreshes)
          .allSatisfy(
              refresh ->
                  assertThat(refresh.header("Sec-Secure-Session-Id"))
                      .isEqualTo(DbscReferenceServer.SESSION_ID));
      Request signed =
          refreshes.stream()
              .filter(refresh -> refresh.header("Secure-Session-Response") != null)
              .findFirst()
              .orElseThrow();
      JWSObject proof = JWSObject.parse(signed.header("Secure-Session-Response"));
      assertThat(proof.getHeader().getJWK()).as("a refresh proof carries no key").isNull();
      assertThat(proof.verify(new ECDSAVerifier(key))).as("signed by the registered key").isTrue();
      assertThat(proof.getPayload().toJSONObject())
          .containsEntry("jti", server.refreshChallenges().get(0));
      assertThat(lastOf(server.requests("GET", "/app")).header("Cookie"))
          .as("the page request waited for the refresh and carries the bound cookie")
          .contains(DbscReferenceServer.BOUND_COOKIE + "=");
    }
  }

  @Test
  void refreshWhenServerAnswersContinueFalseThenChromiumEndsTheSession() {
    HeadlessChromium browser =
        browsers.open("dbsc", server.chromiumSwitches(DeviceBoundSessionEvents.CHROMIUM_SWITCHES));
    try (DeviceBoundSessionEvents dbsc = DeviceBoundSessionEvents.watch(browser)) {
      signIn(browser);
      awaitRegistration(browser);
      server.endSessionOnNextRefresh();

      browser.open(server.url("/app?again"));

      await()
          .atMost(CEILING)
          .untilAsserted(
              () ->
                  assertThat(dbsc.events(Kind.TERMINATION))
                      .as("ended by the server (a re-offer's registration may have replaced one)")
                      .anySatisfy(end -> assertThat(end.result()).isEqualTo("ServerRequested")));
      int refreshesAtTheEnd = server.requests("POST", "/session-binding/refresh").size();
      browser.open(server.url("/app?after-the-end"));
      assertThat(server.requests("POST", "/session-binding/refresh"))
          .as("no refresh once the session ended")
          .hasSize(refreshesAtTheEnd);
    }
  }

  @Test
  void registrationOfferWhenChromiumHasNoSoftwareKeysThenIgnoredSilently() {
    // The machines have no TPM: without the software-keys feature Chromium has no key provider and
    // silently ignores the offer, the trap the first probe fell into.
    HeadlessChromium browser =
        browsers.open(
            "no-keys", server.chromiumSwitches(List.of("--enable-features=DeviceBoundSessions")));
    try (DeviceBoundSessionEvents dbsc = DeviceBoundSessionEvents.watch(browser)) {
      signIn(browser);
      browser.open(server.url("/app?again"));

      // watch() succeeded, so Network.enableDeviceBoundSessions was accepted; nothing else happens.
      assertThat(server.requests("POST", "/session-binding/register")).isEmpty();
      assertThat(dbsc.events()).isEmpty();
      assertThat(dbsc.sessionListsAdded()).as("not even the empty session list").isEmpty();
    }
  }

  private void signIn(HeadlessChromium browser) {
    browser.open(server.url("/login"));
    browser.driver.findElement(By.id("sign-in")).click();
    browser
        .waiting()
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("page"), "/app"));
  }

  /**
   * The browser's registration, the latest if there were several: Chromium 156 now and then ignores
   * an offer, so without one for a while the page is loaded again, which offers it again until the
   * browser registers (as auth-service keeps offering on its pages).
   */
  private Request awaitRegistration(HeadlessChromium browser) {
    long[] lastLoad = {System.nanoTime()};
    await()
        .atMost(CEILING)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              if (server.requests("POST", "/session-binding/register").isEmpty()
                  && System.nanoTime() - lastLoad[0] > OFFER_AGAIN_AFTER.toNanos()) {
                browser.open(server.url("/app?offer-again"));
                lastLoad[0] = System.nanoTime();
              }
              assertThat(server.requests("POST", "/session-binding/register")).isNotEmpty();
            });
    return lastOf(server.requests("POST", "/session-binding/register"));
  }

  private static Request lastOf(List<Request> requests) {
    assertThat(requests).isNotEmpty();
    return requests.get(requests.size() - 1);
  }
}
