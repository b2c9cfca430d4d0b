package dev.gatehouse.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alice's sessions on a {@link SentinelStack}: JSON login, {@code GET /api/me} (demo-backend's echo
 * of the JWT the gateway minted) and JSON logout, on either gateway. Every call returns what
 * happened instead of asserting, so that traffic during a failover can be counted.
 */
final class AliceSessions {

  private static final JsonMapper json = JsonMapper.builder().build();

  private final SentinelStack stack;
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  AliceSessions(SentinelStack stack) {
    this.stack = stack;
  }

  /** A session: its cookie value and the {@code sid} the backend saw in the JWT. */
  record Session(String token, String sid) {
    @Override
    public String toString() {
      return "Session[sid=" + sid + "]";
    }
  }

  /** What a call answered; {@code status} 0 when no response came (connection error, timeout). */
  record Answer(int status, @Nullable String sid, @Nullable String username) {

    boolean isServerError() {
      return status == 0 || status >= 500;
    }
  }

  /** A login and the first {@code /api/me} with it; {@code session} null when either failed. */
  record Login(int loginStatus, Answer me, @Nullable Session session) {}

  /** Logs alice in at {@code gateway} and asks {@code /api/me} there, which learns the sid. */
  Login login(int gateway) {
    String body = "{\"username\":\"alice\",\"password\":\"" + stack.alicePassword + "\"}";
    HttpResponse<String> login = send(post(gateway, "/login", body, null));
    if (login == null || login.statusCode() != 200) {
      int status = login == null ? 0 : login.statusCode();
      return new Login(status, new Answer(-1, null, null), null);
    }
    String token =
        login.headers().allValues("Set-Cookie").stream()
            .filter(value -> value.startsWith("GATEHOUSE_SESSION="))
            .map(value -> value.substring(value.indexOf('=') + 1, value.indexOf(';')))
            .findFirst()
            .orElseThrow();
    Answer me = me(gateway, token);
    String sid = me.sid();
    return new Login(200, me, me.status() == 200 && sid != null ? new Session(token, sid) : null);
  }

  /** {@code GET /api/me} with the session's cookie at {@code gateway}. */
  Answer me(int gateway, String token) {
    HttpRequest request =
        HttpRequest.newBuilder(stack.gateway(gateway, "/api/me"))
            .timeout(Duration.ofSeconds(10))
            .header("Cookie", "GATEHOUSE_SESSION=" + token)
            .GET()
            .build();
    HttpResponse<String> response = send(request);
    if (response == null) {
      return new Answer(0, null, null);
    }
    if (response.statusCode() != 200) {
      return new Answer(response.statusCode(), null, null);
    }
    JsonNode me = json.readTree(response.body());
    return new Answer(200, text(me, "sid"), text(me, "username"));
  }

  /** JSON logout at {@code gateway} (204 when the session ended). */
  int logout(int gateway, Session session) {
    HttpResponse<String> response = send(post(gateway, "/logout", "", session.token()));
    return response == null ? 0 : response.statusCode();
  }

  private HttpRequest post(int gateway, String path, String body, @Nullable String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(stack.gateway(gateway, path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Origin", stack.publicOrigin())
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Cookie", "GATEHOUSE_SESSION=" + token);
    }
    return request.build();
  }

  private @Nullable HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException ex) {
      return null;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }
}
