package dev.gatehouse.demo.me;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.demo.AbstractIntegrationTests;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MeIntegrationTests extends AbstractIntegrationTests {

  static final String JKT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  @Test
  void meWhenGatewayTokenThenIdentityFromVerifiedClaims() {
    String sub = UUID.randomUUID().toString();
    String sid = UUID.randomUUID().toString();
    Instant exp = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(45);
    String token =
        gatewayToken()
            .subject(sub)
            .sessionId(sid)
            .username("alice")
            .roles("user", "admin")
            .expiresAt(exp)
            .sign();

    HttpResponse<String> response = get("/api/me", token);

    assertThat(response.statusCode()).isEqualTo(200);
    DocumentContext body = JsonPath.parse(response.body());
    assertThat(body.read("$.sub", String.class)).isEqualTo(sub);
    assertThat(body.read("$.username", String.class)).isEqualTo("alice");
    assertThat(body.read("$.roles", List.class)).containsExactly("user", "admin");
    assertThat(body.read("$.aud", List.class)).containsExactly("demo-backend");
    assertThat(body.read("$.sid", String.class)).isEqualTo(sid);
    assertThat(body.read("$.exp", Long.class)).isEqualTo(exp.getEpochSecond());
    assertThat(body.read("$.jkt", String.class)).as("not a device-bound session").isNull();
  }

  @Test
  void meWhenTokenCarriesTheDbscClaimThenTheDeviceKeyThumbprint() {
    String token = gatewayToken().claim("dbsc", java.util.Map.of("jkt", JKT)).sign();

    HttpResponse<String> response = get("/api/me", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonPath.parse(response.body()).read("$.jkt", String.class)).isEqualTo(JKT);
  }

  /**
   * Why the gateway's binding claim is {@code dbsc}, not RFC 7800 {@code cnf}: a {@code cnf.jkt}
   * makes a token DPoP-bound (RFC 9449 §6.1), and the stock resource server refuses such a token
   * sent as {@code Bearer}.
   */
  @Test
  void meWhenTokenCarriesCnfJktThenRefusedAsADPoPBoundTokenSentAsBearer() {
    String token = gatewayToken().claim("cnf", java.util.Map.of("jkt", JKT)).sign();

    assertThat(get("/api/me", token).statusCode()).isEqualTo(401);
  }

  @Test
  void meWhenGatewayConvenienceHeadersDisagreeThenJwtWins() {
    String sub = UUID.randomUUID().toString();

    HttpResponse<String> response =
        send(
            request("/api/me", gatewayToken().subject(sub).sign())
                .header("X-Gatehouse-User", "someone-else")
                .header("X-Gatehouse-Username", "mallory")
                .header("X-Gatehouse-Roles", "admin")
                .GET());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JsonPath.parse(response.body()).read("$.sub", String.class)).isEqualTo(sub);
    assertThat(JsonPath.parse(response.body()).read("$.username", String.class)).isEqualTo("alice");
  }

  @Test
  void meWhenOnlyConvenienceHeadersThenUnauthorized() {
    HttpResponse<String> response =
        send(
            request("/api/me", null)
                .header("X-Gatehouse-User", UUID.randomUUID().toString())
                .GET());

    assertThat(response.statusCode()).isEqualTo(401);
  }
}
