package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operators force a logout through the gateway, across the three real services: the operator API
 * and the operator page (its CSRF-protected form) reached with an admin session cookie, the revoked
 * sessions refused by the gateway within the revocation bound, everyone else untouched, and the
 * audit trail telling who did it.
 */
class OperatorE2ETests {

  private static final Pattern CSRF_FIELD =
      Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");

  private static final JsonMapper json = JsonMapper.builder().build();
  private static GatehouseStack stack;
  private final GatewayHttp gateway = new GatewayHttp(GatehouseStack.shared());

  @BeforeAll
  static void start() {
    stack = GatehouseStack.shared();
  }

  @Test
  void forceLogoutThroughGatewayThenBothAliceSessionsRefusedWithinBoundAdminUnaffectedAndAudited()
      throws Exception {
    String admin = login("admin", stack.adminPassword);
    String aliceLaptop = login("alice", stack.alicePassword);
    String alicePhone = login("alice", stack.alicePassword);
    String laptopSid = sidAtBackend(aliceLaptop);
    String phoneSid = sidAtBackend(alicePhone);

    HttpResponse<String> listed =
        gateway.send(gateway.get("/admin/sessions?user=alice").header("Cookie", admin));
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(sids(json.readTree(listed.body()))).contains(laptopSid, phoneSid);

    // What curl sends: no Origin, no body.
    HttpResponse<String> logout =
        gateway.send(
            gateway
                .request("/admin/users/alice/logout")
                .header("Cookie", admin)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(logout.statusCode()).isEqualTo(200);
    assertThat(json.readTree(logout.body()).get("revoked").asInt()).isGreaterThanOrEqualTo(2);

    awaitRefused(List.of(aliceLaptop, alicePhone));

    assertThat(gateway.send(gateway.get("/api/me").header("Cookie", admin)).statusCode())
        .isEqualTo(200);
    HttpResponse<String> audit =
        gateway.send(gateway.get("/admin/audit?user=alice").header("Cookie", admin));
    assertThat(audit.statusCode()).isEqualTo(200);
    JsonNode newest = json.readTree(audit.body()).get("items").get(0);
    assertThat(newest.get("action").asString()).isEqualTo("logout-user");
    assertThat(newest.get("actor").asString()).isEqualTo("admin");
    assertThat(newest.get("target").asString()).isEqualTo("alice");
    assertThat(newest.get("reason").asString()).isEqualTo("admin");
    List<String> auditedSids = new ArrayList<>();
    newest.get("sids").forEach(sid -> auditedSids.add(sid.asString()));
    assertThat(auditedSids).contains(laptopSid, phoneSid);
  }

  @Test
  void operatorApiWhenCallerIsNotAdminThenForbiddenAndOwnSessionsOnly() throws Exception {
    String alice = login("alice", stack.alicePassword);
    String admin = login("admin", stack.adminPassword);
    String adminSid = sidAtBackend(admin);

    assertThat(gateway.send(gateway.get("/admin/sessions").header("Cookie", alice)).statusCode())
        .isEqualTo(403);
    assertThat(
            gateway
                .send(
                    gateway
                        .request("/admin/users/admin/logout")
                        .header("Cookie", alice)
                        .POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode())
        .isEqualTo(403);

    HttpResponse<String> own =
        gateway.send(gateway.get("/account/sessions").header("Cookie", alice));
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(sids(json.readTree(own.body()))).doesNotContain(adminSid);
    HttpResponse<String> foreign =
        gateway.send(
            gateway.request("/account/sessions/" + adminSid).header("Cookie", alice).DELETE());
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(gateway.send(gateway.get("/api/me").header("Cookie", admin)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void operatorPageThroughGatewayWhenConfirmedWithCsrfTokenThenSessionEndedAndRefused()
      throws Exception {
    String admin = login("admin", stack.adminPassword);
    String alice = login("alice", stack.alicePassword);
    String sid = sidAtBackend(alice);

    HttpResponse<String> page =
        gateway.send(
            gateway.get("/admin?user=alice").header("Cookie", admin).header("Accept", "text/html"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(sid).contains("href=\"/admin/ui/sessions/" + sid + "/end\"");

    HttpResponse<String> confirm =
        gateway.send(
            gateway
                .get("/admin/ui/sessions/" + sid + "/end")
                .header("Cookie", admin)
                .header("Accept", "text/html"));
    assertThat(confirm.statusCode()).isEqualTo(200);
    String csrfCookie =
        confirm.headers().allValues("Set-Cookie").stream()
            .filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
            .map(cookie -> cookie.substring(0, cookie.indexOf(';')))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the CSRF cookie passes through the gateway"));
    Matcher field = CSRF_FIELD.matcher(confirm.body());
    assertThat(field.find()).isTrue();

    HttpResponse<String> withoutToken =
        gateway.send(
            browserForm("/admin/ui/sessions/" + sid + "/end", "reason=e2e")
                .header("Cookie", admin + "; " + csrfCookie));
    assertThat(withoutToken.statusCode()).isEqualTo(403);
    assertThat(gateway.send(gateway.get("/api/me").header("Cookie", alice)).statusCode())
        .isEqualTo(200);

    HttpResponse<String> confirmed =
        gateway.send(
            browserForm(
                    "/admin/ui/sessions/" + sid + "/end",
                    "_csrf="
                        + URLEncoder.encode(field.group(1), StandardCharsets.UTF_8)
                        + "&reason=e2e")
                .header("Cookie", admin + "; " + csrfCookie));
    assertThat(confirmed.statusCode()).isEqualTo(303);
    assertThat(confirmed.headers().firstValue("Location"))
        .hasValue("/admin?user=alice&notice=session-ended");

    awaitRefused(List.of(alice));
    assertThat(gateway.send(gateway.get("/api/me").header("Cookie", admin)).statusCode())
        .isEqualTo(200);
  }

  /**
   * Waits until every cookie gets 401 from the gateway, and answers 200 until then (never another
   * status). The ceiling is generous on purpose: how fast a revocation travels is the benchmark's
   * figure ("revocation propagation"), not this test's.
   */
  private void awaitRefused(List<String> cookies) {
    List<String> pending = new ArrayList<>(cookies);
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              pending.removeIf(cookie -> status(cookie) == 401);
              return pending.isEmpty();
            });
  }

  private int status(String cookie) {
    int status;
    try {
      status = gateway.send(gateway.get("/api/me").header("Cookie", cookie)).statusCode();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
    if (status != 401) {
      assertThat(status).as("before the revocation applies").isEqualTo(200);
    }
    return status;
  }

  /** Logs in with the JSON API; returns the {@code name=value} of the session cookie. */
  private String login(String username, String password) throws IOException, InterruptedException {
    // The demo admin's role requires MFA: the code its authenticator shows goes along.
    String otp = "admin".equals(username) ? stack.adminTotp.nextCode() : null;
    HttpResponse<String> login = gateway.send(gateway.jsonLogin(username, password, otp));
    assertThat(login.statusCode()).as("login of " + username).isEqualTo(200);
    String setCookie = GatewayHttp.sessionSetCookie(login).orElseThrow();
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  /** The session id the backend sees for this cookie (and proof the cookie works). */
  private String sidAtBackend(String cookie) throws IOException, InterruptedException {
    HttpResponse<String> me = gateway.send(gateway.get("/api/me").header("Cookie", cookie));
    assertThat(me.statusCode()).isEqualTo(200);
    return json.readTree(me.body()).get("sid").asString();
  }

  private static List<String> sids(JsonNode page) {
    List<String> sids = new ArrayList<>();
    page.get("items").forEach(item -> sids.add(item.get("sid").asString()));
    return sids;
  }

  /** A form POST as a browser sends it from a page of the gateway's own origin. */
  private HttpRequest.Builder browserForm(String path, String body) {
    return gateway
        .request(path)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", "http://localhost:" + stack.gatewayPort)
        .header("Accept", "text/html")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }
}
