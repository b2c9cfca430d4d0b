package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testsupport.dbsc.DbscClient;
import dev.gatehouse.testsupport.dbsc.DbscHeaders;
import dev.gatehouse.testsupport.dbsc.DbscHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The DBSC wiring across the three real services, with the Java DBSC client (test-support's {@link
 * DbscClient}) where {@link DeviceBoundSessionE2ETests} has Chromium: log in through the gateway,
 * register a key through the gateway's {@code session-binding} route, reach the backend with the
 * bound cookie (the JWT it verifies names the key: {@code dbsc.jkt}), renew the bound cookie with
 * the key; a copy of the cookies in a client without the key is refused on the demo-backend route
 * ({@code binding: preferred}) at once without the bound cookie and, with it, once the copied bound
 * cookie has expired — and the gateway logs the refusal with the session id. The stack's bound
 * cookie lives {@link #BOUND_COOKIE_LIFETIME}; the expiry is awaited with a generous ceiling.
 */
class DbscClientThroughGatewayE2ETests {

  /** The same as {@link DeviceBoundSessionE2ETests}': both share one stack. */
  private static final Duration BOUND_COOKIE_LIFETIME =
      Duration.ofSeconds(10); // as DeviceBoundSessionE2ETests

  private static final Duration CEILING = Duration.ofSeconds(60);
  private static final JsonMapper json = JsonMapper.builder().build();
  private static GatehouseStack stack;

  @BeforeAll
  static void start() {
    stack = GatehouseStack.deviceBound(BOUND_COOKIE_LIFETIME);
  }

  @Test
  void boundSessionWhenUsedWithItsKeyThenServedAndACopiedCookieRefusedOnceItsBoundCookieExpired()
      throws Exception {
    GatewayHttp gateway = new GatewayHttp(stack);
    HttpResponse<String> login = gateway.send(gateway.jsonLogin("alice", stack.alicePassword));
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie = GatewayHttp.sessionSetCookie(login).orElseThrow();
    String sessionCookie = setCookie.substring(0, setCookie.indexOf(';'));
    String offer = login.headers().firstValue("Secure-Session-Registration").orElseThrow();

    DbscClient owner = DbscClient.es256();
    AtomicReference<String> cookies = new AtomicReference<>(sessionCookie);
    DbscClient.Exchange exchange =
        DbscHttp.exchange(stack.httpClient().build(), stack.browser("/"), cookies::get);
    assertThat(owner.register(exchange, DbscHeaders.registration(offer)).status())
        .as("registered through the gateway's session-binding route")
        .isEqualTo(200);
    String withBound = sessionCookie + "; GATEHOUSE_BOUND=" + owner.boundCookie().orElseThrow();
    cookies.set(withBound);

    HttpResponse<String> me = gateway.send(gateway.get("/api/me").header("Cookie", withBound));
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(me.body());
    assertThat(body.path("jkt").asString(""))
        .as("the backend's verified JWT names the key: dbsc.jkt")
        .isEqualTo(owner.thumbprint());
    String sid = body.path("sid").asString("");

    GatewayHttp thief = new GatewayHttp(stack);
    // Once the registration grace is over (the requests a browser sent while registering).
    await()
        .atMost(CEILING)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(
                        thief
                            .send(thief.get("/api/me").header("Cookie", sessionCookie))
                            .statusCode())
                    .as("the session cookie alone is not enough for a bound session")
                    .isEqualTo(401));
    String copied = withBound;
    await()
        .atMost(CEILING)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(thief.send(thief.get("/api/me").header("Cookie", copied)).statusCode())
                    .as("the copied cookies once the copied bound cookie has expired")
                    .isEqualTo(401));

    assertThat(owner.refresh(exchange).status()).as("renewed with the key").isEqualTo(200);
    String renewed = sessionCookie + "; GATEHOUSE_BOUND=" + owner.boundCookie().orElseThrow();
    HttpResponse<String> again = gateway.send(gateway.get("/api/me").header("Cookie", renewed));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json.readTree(again.body()).path("sid").asString("")).isEqualTo(sid);
    await()
        .atMost(CEILING)
        .untilAsserted(
            () ->
                assertThat(stack.gateway.output())
                    .as("the gateway logged the refusal with the session id")
                    .contains("denied sid=" + sid)
                    .contains("reason=binding-unverified"));
  }
}
