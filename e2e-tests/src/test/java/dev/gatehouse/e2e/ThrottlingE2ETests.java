package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Login throttling seen from outside, through the gateway: after five failures a username is
 * refused with 429 and {@code Retry-After} (the gateway passes both on), for the API and the form
 * alike, while other users log in. The name used exists nowhere, so no other test's user is locked.
 */
class ThrottlingE2ETests {

  private static GatehouseStack stack;
  private final GatewayHttp gateway = new GatewayHttp(GatehouseStack.shared());

  @BeforeAll
  static void start() {
    stack = GatehouseStack.shared();
  }

  @Test
  void loginWhenFiveFailuresForOneNameThenTooManyRequestsWithRetryAfterWhileAliceLogsIn()
      throws Exception {
    String name = "nobody-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      assertThat(gateway.send(gateway.jsonLogin(name, "guess-" + i)).statusCode())
          .as("failure %d", i + 1)
          .isEqualTo(401);
    }

    HttpResponse<String> api = gateway.send(gateway.jsonLogin(name, "guess"));
    HttpResponse<String> form =
        gateway.send(
            gateway
                .post(
                    "/login",
                    "application/x-www-form-urlencoded",
                    "username=" + name + "&password=x")
                .header("Accept", "text/html"));

    assertThat(api.statusCode()).isEqualTo(429);
    assertThat(api.headers().firstValue("Retry-After")).hasValue("30");
    assertThat(api.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(api.body()).contains("Too many attempts. Try again in 30 seconds.");
    assertThat(api.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(form.statusCode()).isEqualTo(429);
    assertThat(form.headers().firstValue("Retry-After")).hasValue("30");
    assertThat(form.body()).contains("Too many attempts. Try again in 30 seconds.");
    assertThat(gateway.send(gateway.jsonLogin("alice", stack.alicePassword)).statusCode())
        .isEqualTo(200);
  }
}
