package dev.gatehouse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one-at-a-time HTTP calls around the load: logging in (through the gateway's {@code /login}
 * route), logging out directly at auth-service, single probes, and Prometheus scrapes.
 */
final class ControlClient {

  private static final String COOKIE_NAME = "GATEHOUSE_SESSION";
  private static final Pattern SESSION_COOKIE = Pattern.compile(COOKIE_NAME + "=([^;]+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int LOGIN_TRIES = 3;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String username;
  private final String password;

  ControlClient(String username, String password) {
    this.username = username;
    this.password = password;
  }

  /**
   * Logs in {@code count} times, one after the other (every login is a new session). Sequential on
   * purpose: one user logging in many times in parallel is not what login throttling is built for.
   */
  List<SessionCookie> login(URI gateway, int count) {
    List<SessionCookie> sessions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sessions.add(login(gateway));
    }
    return sessions;
  }

  /**
   * {@code POST /login} with JSON, as an API client would; the new session's cookie. A {@code 429}
   * is tried again after its {@code Retry-After} (capped at 5 s), {@value #LOGIN_TRIES} tries in
   * all.
   */
  SessionCookie login(URI gateway) {
    HttpResponse<String> response = postLogin(gateway);
    for (int tries = 1; tries < LOGIN_TRIES && response.statusCode() == 429; tries++) {
      long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(1);
      Pause.of(Duration.ofSeconds(Math.min(5, Math.max(1, retryAfter))));
      response = postLogin(gateway);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST /login answered " + response.statusCode() + ": " + response.body());
    }
    return response.headers().allValues("Set-Cookie").stream()
        .map(SESSION_COOKIE::matcher)
        .filter(Matcher::lookingAt)
        .map(found -> new SessionCookie(COOKIE_NAME + "=" + found.group(1)))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("POST /login set no " + COOKIE_NAME));
  }

  private HttpResponse<String> postLogin(URI gateway) {
    String json = "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password);
    return send(
        HttpRequest.newBuilder(gateway.resolve("/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code POST /logout} straight at auth-service (not through a gateway): revokes the session. */
  void logout(URI authService, SessionCookie session) {
    int status =
        send(
                HttpRequest.newBuilder(authService.resolve("/logout"))
                    .header("Cookie", session.header())
                    .POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
    if (status != 204) {
      throw new IllegalStateException("POST /logout answered " + status + ", expected 204");
    }
  }

  /** The status of one {@code GET} with the session's cookie. */
  int status(URI uri, SessionCookie session) {
    return send(
            HttpRequest.newBuilder(uri).header("Cookie", session.header()).GET(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** The status of one {@code GET} without a cookie. */
  int status(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  String text(URI uri) {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
    }
    return response.body();
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    HttpRequest built = request.timeout(TIMEOUT).build();
    try {
      return http.send(built, body);
    } catch (IOException ex) {
      throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + built.method() + " " + built.uri(), ex);
    }
  }
}
