package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  static void start() {
    stack = GatehouseStack.shared();
  }

  @Test
  void loginWhenFiveFailuresForOneNameThenTooManyRequestsWithRetryAfterWhileAliceLogsIn()
      throws Exception {
    String name = "nobody-" + UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      assertThat(send(jsonLogin(name, "guess-" + i)).statusCode())
          .as("failure %d", i + 1)
          .isEqualTo(401);
    }

    HttpResponse<String> api = send(jsonLogin(name, "guess"));
    HttpResponse<String> form =
        send(
            post("/login", "application/x-www-form-urlencoded", "username=" + name + "&password=x")
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
    assertThat(send(jsonLogin("alice", stack.alicePassword)).statusCode()).isEqualTo(200);
  }

  private HttpRequest.Builder jsonLogin(String username, String password) {
    return post(
        "/login",
        "application/json",
        "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password));
  }

  private HttpRequest.Builder post(String path, String contentType, String body) {
    return HttpRequest.newBuilder(stack.gateway(path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType)
        .header("Origin", "http://localhost:" + stack.gatewayPort)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
