package dev.gatehouse.auth.binding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.dbsc.DbscClient;
import dev.gatehouse.testsupport.dbsc.DbscResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * What introspection says of a session's binding (RFC 7662 §2.2 extension members {@code binding},
 * {@code cnf}, {@code bound_until}), driven by the injected clock: the stolen-cookie scenario.
 */
class SessionBindingIntrospectionIntegrationTests extends AbstractBindingIntegrationTests {

  @Test
  void introspectWhenSessionUnboundThenNoBindingMembers() {
    Browser browser = loginBrowser();

    MvcTestResult result = introspect(browser, "a".repeat(43));

    assertThat(result).bodyJson().extractingPath("$.active").isEqualTo(true);
    assertThat(result).bodyJson().doesNotHavePath("$.binding");
    assertThat(result).bodyJson().doesNotHavePath("$.cnf");
    assertThat(result).bodyJson().doesNotHavePath("$.bound_until");
  }

  @Test
  void introspectWhenBoundCredentialValidThenBoundWithJktAndBoundUntil() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    long registeredAt = clock.instant().getEpochSecond();
    register(client, browser);

    MvcTestResult result = introspect(browser, client.boundCookie().orElseThrow());

    assertThat(result).bodyJson().extractingPath("$.binding").isEqualTo("bound");
    assertThat(result).bodyJson().extractingPath("$.cnf.jkt").isEqualTo(client.thumbprint());
    assertThat(result)
        .bodyJson()
        .extractingPath("$.bound_until")
        .isEqualTo((int) (registeredAt + 300));
  }

  @Test
  void introspectWhenJustBoundAndNoCredentialThenPendingUntilTheRegistrationGraceEnds() {
    Browser browser = loginBrowser();
    long registeredAt = clock.instant().getEpochSecond();
    register(DbscClient.es256(), browser);

    // A request the browser sent while it was registering: no bound cookie yet.
    MvcTestResult inGrace = introspect(browser, null);
    assertThat(inGrace).bodyJson().extractingPath("$.binding").isEqualTo("pending");
    assertThat(inGrace).bodyJson().doesNotHavePath("$.cnf");
    assertThat(inGrace)
        .bodyJson()
        .extractingPath("$.bound_until")
        .isEqualTo((int) (registeredAt + 10));
    // A wrong bound cookie is never in grace.
    assertThat(introspect(browser, "garbage"))
        .bodyJson()
        .extractingPath("$.binding")
        .isEqualTo("unverified");

    clock.advance(Duration.ofSeconds(10));

    assertThat(introspect(browser, null))
        .bodyJson()
        .extractingPath("$.binding")
        .isEqualTo("unverified");
  }

  @Test
  void introspectWhenBrowserStillHoldsTheCookieThenBoundAndBoundUntilNeverBeforeItsMaxAge() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    long registeredAt = clock.instant().getEpochSecond();
    DbscResponse registration = register(client, browser);
    long maxAge = maxAgeSeconds(registration);
    assertThat(maxAge).isEqualTo(290);

    // The last moment the browser still sends it (it counts from receipt, later than issue).
    clock.advance(Duration.ofSeconds(maxAge).minusMillis(1));
    MvcTestResult result = introspect(browser, client.boundCookie().orElseThrow());

    assertThat(result).bodyJson().extractingPath("$.binding").isEqualTo("bound");
    // bound_until is rounded down, so never after the server-side expiry, and still after the
    // browser's: the gateway never trusts the credential longer than auth-service does.
    assertThat(result)
        .bodyJson()
        .extractingPath("$.bound_until")
        .isEqualTo((int) (registeredAt + 300));
  }

  private static long maxAgeSeconds(DbscResponse response) {
    String setCookie =
        response.headers("Set-Cookie").stream()
            .filter(value -> value.startsWith(BOUND_COOKIE + "="))
            .findFirst()
            .orElseThrow();
    return Long.parseLong(setCookie.replaceFirst(".*; Max-Age=([0-9]+).*", "$1"));
  }

  @Test
  void introspectWhenBoundButNoCredentialThenUnverified() {
    Browser browser = loginBrowser();
    register(DbscClient.es256(), browser);
    clock.advance(Duration.ofSeconds(10)); // past the registration grace

    for (String presented : new String[] {null, "garbage", "b".repeat(43)}) {
      MvcTestResult result = introspect(browser, presented);

      assertThat(result).bodyJson().extractingPath("$.active").isEqualTo(true);
      assertThat(result).bodyJson().extractingPath("$.binding").isEqualTo("unverified");
      assertThat(result).bodyJson().doesNotHavePath("$.cnf");
      assertThat(result).bodyJson().doesNotHavePath("$.bound_until");
    }
  }

  @Test
  void introspectWhenCopiedCookieOutlivesTheBoundCookieLifetimeThenUnverified() {
    // The owner's browser binds the session; a thief copies both cookies.
    Browser browser = loginBrowser();
    DbscClient owner = DbscClient.es256();
    register(owner, browser);
    String copied = owner.boundCookie().orElseThrow();
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(introspect(browser, copied))
        .bodyJson()
        .extractingPath("$.binding")
        .isEqualTo("bound");

    clock.advance(Duration.ofSeconds(1));

    assertThat(introspect(browser, copied))
        .bodyJson()
        .extractingPath("$.binding")
        .isEqualTo("unverified");
    // Without the key, the thief cannot get the next one.
    DbscClient thief = DbscClient.es256();
    thief.register(anonymous(), browser.registration());
    assertThat(thief.boundCookie()).isEmpty();
  }

  @Test
  void introspectWhenRefreshedThenPreviousCredentialValidUntilItsOwnExpiry() {
    Browser browser = loginBrowser();
    DbscClient client = DbscClient.es256();
    register(client, browser);
    String previous = client.boundCookie().orElseThrow();
    clock.advance(Duration.ofMinutes(4));

    client.refresh(anonymous());
    String next = client.boundCookie().orElseThrow();

    assertThat(introspect(browser, previous))
        .bodyJson()
        .extractingPath("$.binding")
        .isEqualTo("bound");
    assertThat(introspect(browser, next)).bodyJson().extractingPath("$.binding").isEqualTo("bound");
    clock.advance(Duration.ofMinutes(1));
    assertThat(introspect(browser, previous))
        .bodyJson()
        .extractingPath("$.binding")
        .isEqualTo("unverified");
    assertThat(introspect(browser, next)).bodyJson().extractingPath("$.binding").isEqualTo("bound");
  }

  @Test
  void introspectWhenCredentialOfAnotherSessionThenUnverified() {
    Browser browser = loginBrowser();
    Browser other = loginBrowser();
    register(DbscClient.es256(), browser);
    DbscClient otherClient = DbscClient.es256();
    register(otherClient, other);

    assertThat(introspect(browser, otherClient.boundCookie().orElseThrow()))
        .bodyJson()
        .extractingPath("$.binding")
        .isEqualTo("unverified");
  }
}
