package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole request path across the three real services: log in through the gateway, reach the
 * backend with the internal JWT the gateway minted, log out, and find the cookie useless.
 */
class LoginToBackendE2ETests {

  private static final JsonMapper json = JsonMapper.builder().build();
  private static GatehouseStack stack;
  private final GatewayHttp gateway = new GatewayHttp(GatehouseStack.shared());

  @BeforeAll
  static void start() {
    stack = GatehouseStack.shared();
  }

  @Test
  void loginThenApiMeAnsweredByBackendAsAliceThenLogoutMakesCookieUseless() throws Exception {
    HttpResponse<String> form =
        gateway.send(gateway.get("/login?next=/api/me").header("Accept", "text/html"));
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("name=\"username\"").contains("name=\"password\"");

    HttpResponse<String> login =
        gateway.send(
            gateway.post(
                "/login",
                "application/x-www-form-urlencoded",
                "username=alice&password="
                    + URLEncoder.encode(stack.alicePassword, StandardCharsets.UTF_8)
                    + "&next=%2Fapi%2Fme"));
    assertThat(login.statusCode()).isEqualTo(303);
    assertThat(login.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/api/me"));
    String setCookie = GatewayHttp.sessionSetCookie(login).orElseThrow();
    assertThat(setCookie)
        .contains("HttpOnly")
        .containsIgnoringCase("SameSite=Lax")
        .contains("Path=/");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String token = cookie.substring(cookie.indexOf('=') + 1);

    HttpResponse<String> me = gateway.send(gateway.get("/api/me").header("Cookie", cookie));
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(me.body());
    assertThat(body.get("username").asString()).isEqualTo("alice");
    assertThat(body.get("aud").toString()).contains("demo-backend");
    assertThat(body.get("roles").toString()).contains("user").doesNotContain("admin");
    String sid = body.get("sid").asString();
    assertThat(sid).isNotBlank();

    HttpResponse<String> logout =
        gateway.send(
            gateway
                .post("/logout", "application/x-www-form-urlencoded", "")
                .header("Cookie", cookie)
                .header("Accept", "text/html"));
    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(logout.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
    assertThat(GatewayHttp.sessionSetCookie(logout))
        .hasValueSatisfying(cleared -> assertThat(cleared).contains("Max-Age=0"));

    assertThat(gateway.send(gateway.get("/api/me").header("Cookie", cookie)).statusCode())
        .isEqualTo(401);
    assertThat(
            gateway
                .send(gateway.get("/api/me").header("Cookie", cookie).header("Accept", "text/html"))
                .headers()
                .firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).startsWith("/login?next="));

    for (ServiceProcess service : List.of(stack.authService, stack.gateway, stack.backend)) {
      assertThat(service.output())
          .as("log output never carries the session token")
          .doesNotContain(token);
    }
  }

  @Test
  void logsWhenLoginRequestLogoutThenNoTokenHashJwtPasswordOrSecretInAnyLine() throws Exception {
    String token = loginAsAlice();
    assertThat(
            gateway
                .send(gateway.get("/api/me").header("Cookie", "GATEHOUSE_SESSION=" + token))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            gateway
                .send(
                    gateway
                        .post("/logout", "application/json", "")
                        .header("Cookie", "GATEHOUSE_SESSION=" + token))
                .statusCode())
        .isEqualTo(204);
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    List<String> secrets =
        List.of(
            token,
            HexFormat.of().formatHex(digest),
            HexFormat.of().withUpperCase().formatHex(digest),
            Base64.getUrlEncoder().withoutPadding().encodeToString(digest),
            Base64.getEncoder().encodeToString(digest),
            stack.alicePassword,
            stack.adminPassword,
            stack.adminTotpSecret,
            stack.clientSecret);

    for (ServiceProcess service : List.of(stack.authService, stack.gateway, stack.backend)) {
      String output = service.output();
      assertThat(output).as("%s logged something", service).isNotBlank();
      for (String secret : secrets) {
        assertThat(output).as("%s log", service).doesNotContain(secret);
      }
      // every JWT starts with the base64url of '{"': no internal token is ever logged
      assertThat(output).as("%s log holds no JWT", service).doesNotContain("eyJ");
    }
  }

  @Test
  void jsonLoginThenBearerSessionTokenReachesBackendAsAdmin() throws Exception {
    HttpResponse<String> login =
        gateway.send(
            gateway.post(
                "/login",
                "application/json",
                "{\"username\":\"admin\",\"password\":\""
                    + stack.adminPassword
                    + "\",\"otp\":\""
                    + stack.adminTotp.nextCode()
                    + "\"}"));
    assertThat(login.statusCode()).isEqualTo(200);
    JsonNode session = json.readTree(login.body());
    assertThat(session.get("username").asString()).isEqualTo("admin");
    assertThat(session.get("sid").asString()).isNotBlank();
    String setCookie = GatewayHttp.sessionSetCookie(login).orElseThrow();
    String token = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));

    HttpResponse<String> me =
        gateway.send(gateway.get("/api/me").header("Authorization", "Bearer " + token));
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(me.body());
    assertThat(body.get("username").asString()).isEqualTo("admin");
    assertThat(body.get("sid").asString()).isEqualTo(session.get("sid").asString());
    assertThat(body.get("roles").toString()).contains("admin");
  }

  @Test
  void loginAgainThroughTheGatewayThenTheOldSessionIsRefused() throws Exception {
    String first = loginAsAlice();
    HttpResponse<String> me =
        gateway.send(gateway.get("/api/me").header("Cookie", "GATEHOUSE_SESSION=" + first));
    assertThat(me.statusCode()).isEqualTo(200);
    String firstSid = json.readTree(me.body()).get("sid").asString();

    HttpResponse<String> again =
        gateway.send(
            gateway
                .post(
                    "/login",
                    "application/json",
                    "{\"username\":\"alice\",\"password\":\"" + stack.alicePassword + "\"}")
                .header("Cookie", "GATEHOUSE_SESSION=" + first));
    assertThat(again.statusCode()).isEqualTo(200);
    String second = GatewayHttp.sessionSetCookie(again).orElseThrow();
    second = second.substring(second.indexOf('=') + 1, second.indexOf(';'));
    assertThat(second).isNotEqualTo(first);

    assertThat(
            gateway
                .send(gateway.get("/api/me").header("Cookie", "GATEHOUSE_SESSION=" + first))
                .statusCode())
        .as("the session the browser logged in again from is over")
        .isEqualTo(401);
    HttpResponse<String> now =
        gateway.send(gateway.get("/api/me").header("Cookie", "GATEHOUSE_SESSION=" + second));
    assertThat(now.statusCode()).isEqualTo(200);
    assertThat(json.readTree(now.body()).get("sid").asString()).isNotEqualTo(firstSid);
  }

  @Test
  void loginWhenPasswordWrongThen401AndNoCookie() throws Exception {
    HttpResponse<String> login =
        gateway.send(
            gateway.post(
                "/login",
                "application/json",
                "{\"username\":\"alice\",\"password\":\"not-her-password\"}"));
    assertThat(login.statusCode()).isEqualTo(401);
    assertThat(GatewayHttp.sessionSetCookie(login)).isEmpty();
  }

  @Test
  void backendWhenCalledDirectlyThen401EvenWithValidSessionCookie() throws Exception {
    String token = loginAsAlice();

    HttpResponse<String> direct =
        gateway.send(
            HttpRequest.newBuilder(stack.backendDirect("/api/me"))
                .header("Cookie", "GATEHOUSE_SESSION=" + token)
                .header("X-Gatehouse-User", "alice")
                .build());
    assertThat(direct.statusCode()).isEqualTo(401);
    HttpResponse<String> bearer =
        gateway.send(
            HttpRequest.newBuilder(stack.backendDirect("/api/me"))
                .header("Authorization", "Bearer " + token)
                .build());
    assertThat(bearer.statusCode()).isEqualTo(401);
  }

  @Test
  void anonymousWhenApiThen401AndWhenPageThenRedirectToLogin() throws Exception {
    assertThat(gateway.send(gateway.get("/api/me")).statusCode()).isEqualTo(401);
    HttpResponse<String> page = gateway.send(gateway.get("/").header("Accept", "text/html"));
    assertThat(page.statusCode()).isEqualTo(302);
    assertThat(page.headers().firstValue("Location")).hasValue("/login?next=%2F");
  }

  private String loginAsAlice() throws IOException, InterruptedException {
    HttpResponse<String> login =
        gateway.send(
            gateway.post(
                "/login",
                "application/json",
                "{\"username\":\"alice\",\"password\":\"" + stack.alicePassword + "\"}"));
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie = GatewayHttp.sessionSetCookie(login).orElseThrow();
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }
}
