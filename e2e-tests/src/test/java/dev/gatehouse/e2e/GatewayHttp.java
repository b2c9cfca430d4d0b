package dev.gatehouse.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The end-to-end tests' HTTP client for the stack's gateway, the way browsers reach it (through the
 * stack's TLS front when it has one): no redirects followed (tests assert them), a timeout on every
 * request, and state-changing requests sent with the gateway's own {@code Origin}, as a page of the
 * gateway would send them.
 */
final class GatewayHttp {

  private static final JsonMapper json = JsonMapper.builder().build();

  private final GatehouseStack stack;
  private final HttpClient http;

  /** A client that reaches the gateway as a browser does ({@link GatehouseStack#browser}). */
  GatewayHttp(GatehouseStack stack) {
    this.stack = stack;
    this.http =
        stack
            .httpClient()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(stack.browser(path)).timeout(Duration.ofSeconds(10));
  }

  HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  HttpRequest.Builder post(String path, String contentType, String body) {
    return request(path)
        .header("Content-Type", contentType)
        .header("Origin", stack.browser("").toString())
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** {@code POST /login} with a JSON body. */
  HttpRequest.Builder jsonLogin(String username, String password) {
    return jsonLogin(username, password, null);
  }

  /** The JSON login with the optional {@code otp} member (a TOTP or recovery code). */
  HttpRequest.Builder jsonLogin(String username, String password, @Nullable String otp) {
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("username", username);
    credentials.put("password", password);
    if (otp != null) {
      credentials.put("otp", otp);
    }
    return post("/login", "application/json", json.writeValueAsString(credentials));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a request to any URL (e.g. a backend directly, bypassing the gateway). */
  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code Set-Cookie} value for the session cookie, when the response sets one. */
  static Optional<String> sessionSetCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(value -> value.startsWith("GATEHOUSE_SESSION="))
        .findFirst();
  }
}
