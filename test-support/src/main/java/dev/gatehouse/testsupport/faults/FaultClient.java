package dev.gatehouse.testsupport.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client of the fault tests and the soak: JSON login, API calls with the session cookie,
 * and an {@link Outcome} for every request — never an exception — so traffic keeps flowing and
 * being counted while a dependency is broken. The client waits {@link #CLIENT_TIMEOUT} at most, far
 * longer than any bound a test asserts, so a hang shows as a latency, not as a client timeout.
 */
public final class FaultClient {

  public static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

  private static final JsonMapper json = JsonMapper.builder().build();

  private final FaultStack stack;
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  public FaultClient(FaultStack stack) {
    this.stack = stack;
  }

  /** JSON login through gateway {@code gateway}. */
  public Session login(int gateway, String username, String password) {
    return login(gateway, username, password, null);
  }

  /** The demo admin's login, with a fresh TOTP code. */
  public Session loginAdmin(int gateway) throws InterruptedException {
    return login(gateway, "admin", stack.adminPassword, stack.adminTotp.nextCode());
  }

  /** Logs in as alice (a new session each call). */
  public Session loginAlice(int gateway) {
    return login(gateway, "alice", stack.alicePassword);
  }

  /** What a login attempt got, and the session when it succeeded. */
  public record Login(Outcome outcome, @Nullable Session session) {}

  /** A login as alice that reports failure instead of throwing (an outage is not a bug). */
  public Login attemptLoginAlice(int gateway) {
    return attemptLogin(gateway, "alice", stack.alicePassword, null);
  }

  /** The admin's login (with a fresh TOTP code) reporting failure instead of throwing. */
  public Login attemptLoginAdmin(int gateway) throws InterruptedException {
    return attemptLogin(gateway, "admin", stack.adminPassword, stack.adminTotp.nextCode());
  }

  private Session login(int gateway, String username, String password, @Nullable String otp) {
    Login login = attemptLogin(gateway, username, password, otp);
    if (login.session() == null) {
      throw new IllegalStateException(
          "login of " + username + " at gateway " + gateway + ": " + login.outcome());
    }
    return login.session();
  }

  private Login attemptLogin(int gateway, String username, String password, @Nullable String otp) {
    String body =
        json.writeValueAsString(
            otp == null
                ? Map.of("username", username, "password", password)
                : Map.of("username", username, "password", password, "otp", otp));
    long start = System.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(stack.gateway(gateway, "/login"))
                  .timeout(CLIENT_TIMEOUT)
                  .header("Content-Type", "application/json")
                  .header("Origin", stack.origin(gateway))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      JsonNode answer = parse(response);
      Outcome outcome =
          new Outcome(
              response.statusCode(),
              elapsed,
              text(answer, "sid"),
              null,
              text(answer, "username"),
              response.headers().firstValue("Retry-After").orElse(null),
              text(answer, "error"));
      Optional<String> setCookie =
          response.headers().allValues("Set-Cookie").stream()
              .filter(value -> value.startsWith("GATEHOUSE_SESSION="))
              .findFirst();
      if (response.statusCode() != 200 || setCookie.isEmpty() || outcome.sid() == null) {
        return new Login(outcome, null);
      }
      String cookie = setCookie.get();
      String token = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
      return new Login(outcome, new Session(username, token, outcome.sid()));
    } catch (IOException ex) {
      return new Login(
          Outcome.noAnswer(Duration.ofNanos(System.nanoTime() - start), ex.toString()), null);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return new Login(
          Outcome.noAnswer(Duration.ofNanos(System.nanoTime() - start), "interrupted"), null);
    }
  }

  /** {@code GET /api/me} through gateway {@code gateway} with the session's cookie. */
  public Outcome me(int gateway, Session session) {
    return exchange(
        HttpRequest.newBuilder(stack.gateway(gateway, "/api/me"))
            .header("Cookie", session.cookie())
            .GET());
  }

  /** {@code GET path} through gateway {@code gateway}, with the session's cookie if given. */
  public Outcome get(int gateway, String path, @Nullable Session session) {
    HttpRequest.Builder request = HttpRequest.newBuilder(stack.gateway(gateway, path)).GET();
    if (session != null) {
      request.header("Cookie", session.cookie());
    }
    return exchange(request);
  }

  /** A JSON {@code POST} (or other method) through gateway {@code gateway} with the session. */
  public Outcome json(int gateway, String method, String path, Session session, String body) {
    return exchange(
        HttpRequest.newBuilder(stack.gateway(gateway, path))
            .header("Cookie", session.cookie())
            .header("Content-Type", "application/json")
            .header("Origin", stack.origin(gateway))
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The body of a 2xx JSON answer, or empty. */
  public Optional<JsonNode> jsonBody(int gateway, String path, Session session) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(stack.gateway(gateway, path))
                .timeout(CLIENT_TIMEOUT)
                .header("Cookie", session.cookie())
                .GET()
                .build());
    return response.statusCode() / 100 == 2
        ? Optional.of(json.readTree(response.body()))
        : Optional.empty();
  }

  /** Sends any request (e.g. to demo-backend directly) and records what it got. */
  public Outcome exchange(HttpRequest.Builder request) {
    long start = System.nanoTime();
    try {
      HttpResponse<String> response =
          http.send(request.timeout(CLIENT_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      JsonNode body = parse(response);
      return new Outcome(
          response.statusCode(),
          elapsed,
          text(body, "sid"),
          text(body, "sub"),
          text(body, "username"),
          response.headers().firstValue("Retry-After").orElse(null),
          text(body, "error"));
    } catch (IOException ex) {
      return Outcome.noAnswer(Duration.ofNanos(System.nanoTime() - start), ex.toString());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return Outcome.noAnswer(Duration.ofNanos(System.nanoTime() - start), "interrupted");
    }
  }

  /** A URL on the stack's gateway, for requests built by the caller. */
  public URI gatewayUri(int gateway, String path) {
    return stack.gateway(gateway, path);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException ex) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", ex);
    }
  }

  private static @Nullable JsonNode parse(HttpResponse<String> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (!type.contains("json") || response.body().isBlank()) {
      return null;
    }
    try {
      return json.readTree(response.body());
    } catch (JacksonException ex) {
      return null;
    }
  }

  private static @Nullable String text(@Nullable JsonNode body, String member) {
    if (body == null || !body.isObject()) {
      return null;
    }
    JsonNode value = body.get(member);
    return value == null || value.isNull() ? null : value.asString();
  }
}
