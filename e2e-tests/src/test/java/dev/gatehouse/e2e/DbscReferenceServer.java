package dev.gatehouse.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The server side of Device Bound Session Credentials reduced to what the draft requires, in the
 * test's JVM, so that what Chromium does can be checked apart from Gatehouse: a login form whose
 * POST answers 303 with {@code Secure-Session-Registration} (offered again on pages until the
 * browser registers), the registration and refresh endpoints (a 403 challenge first, then the
 * signed proof), and a page. It verifies nothing: it records every request, and the tests check
 * what the browser sent.
 */
final class DbscReferenceServer implements AutoCloseable {

  static final String SESSION_ID = "reference-session";
  static final String BOUND_COOKIE = "BOUND";
  static final String REGISTRATION_CHALLENGE = "registration-challenge";

  /** One request as it arrived: method, path and headers (names in lower case). */
  record Request(String method, String path, Map<String, List<String>> headers) {

    @Nullable String header(String name) {
      List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
      return (values == null || values.isEmpty()) ? null : values.get(0);
    }
  }

  private final HttpsServer server;
  private final DevCertificate certificate;
  private final Duration boundCookieLifetime;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> refreshChallenges = new CopyOnWriteArrayList<>();
  private final AtomicInteger challenges = new AtomicInteger();
  private volatile boolean endSessionOnRefresh;

  private DbscReferenceServer(
      HttpsServer server, DevCertificate certificate, Duration boundCookieLifetime) {
    this.server = server;
    this.certificate = certificate;
    this.boundCookieLifetime = boundCookieLifetime;
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * An HTTPS server on a free loopback port, with a fresh certificate for {@code localhost}, whose
   * bound cookies live {@code boundCookieLifetime}. HTTPS with a certificate Chromium accepts as
   * valid: Chromium 156 ignores DBSC on plain {@code http://localhost} and on a certificate error
   * it was told to ignore ({@code dbsc-chromium-notes.md}).
   */
  static DbscReferenceServer start(Duration boundCookieLifetime) {
    try {
      Path directory =
          Files.createDirectories(
              Launcher.workDir().resolve("dbsc-reference-" + UUID.randomUUID()));
      DevCertificate certificate = DevCertificate.generate(directory);
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(certificate.serving()));
      return new DbscReferenceServer(server, certificate, boundCookieLifetime);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** A URL as the browser uses it: {@code https://localhost}. */
  URI url(String path) {
    return URI.create("https://localhost:" + server.getAddress().getPort() + path);
  }

  /** {@code switches} and the one that makes Chromium accept this server's certificate. */
  List<String> chromiumSwitches(List<String> switches) {
    List<String> all = new ArrayList<>(switches);
    all.add(certificate.chromiumPin());
    return all;
  }

  /** From now on, a refresh with a valid-looking proof answers {@code "continue": false}. */
  void endSessionOnNextRefresh() {
    endSessionOnRefresh = true;
  }

  /** The requests for {@code path} so far, in arrival order. */
  List<Request> requests(String method, String path) {
    return requests.stream()
        .filter(request -> request.method().equals(method) && request.path().equals(path))
        .toList();
  }

  /** The challenges the refresh endpoint handed out (403 answers), in order. */
  List<String> refreshChallenges() {
    return List.copyOf(refreshChallenges);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Map<String, List<String>> headers = new java.util.HashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values));
      Request request = new Request(method, path, Map.copyOf(headers));
      requests.add(request);
      switch (method + " " + path) {
        case "GET /login" -> html(exchange, 200, LOGIN_FORM);
        case "POST /login" -> loggedIn(exchange);
        case "POST /session-binding/register" -> instructions(exchange, true);
        case "POST /session-binding/refresh" -> refresh(exchange, request);
        default -> page(exchange, request, path);
      }
    }
  }

  private static final String LOGIN_FORM =
      "<html><body><form method=post action=/login><input name=username value=alice>"
          + "<button id=sign-in type=submit>Sign in</button></form></body></html>";

  /** The login's 303 carries the session cookie and the offer to bind it (draft §8.2). */
  private void loggedIn(HttpExchange exchange) throws IOException {
    offerRegistration(exchange);
    exchange
        .getResponseHeaders()
        .add("Set-Cookie", "SESSION=s; Path=/; Secure; HttpOnly; SameSite=Lax");
    exchange.getResponseHeaders().add("Location", "/app");
    exchange.sendResponseHeaders(303, -1);
  }

  /**
   * A page; while the signed-in browser has not registered yet, with the offer again. Chromium 156
   * now and then ignores an offer (no registration, no DevTools event), so a server keeps offering
   * until the session is bound, as auth-service does.
   */
  private void page(HttpExchange exchange, Request request, String path) throws IOException {
    String cookies = request.header("Cookie");
    if (cookies != null
        && cookies.contains("SESSION=s")
        && requests("POST", "/session-binding/register").isEmpty()) {
      offerRegistration(exchange);
    }
    html(exchange, 200, "<html><body><p id=page>" + path + "</p></body></html>");
  }

  private static void offerRegistration(HttpExchange exchange) {
    exchange
        .getResponseHeaders()
        .add(
            "Secure-Session-Registration",
            "(ES256 RS256);path=\"/session-binding/register\";challenge=\""
                + REGISTRATION_CHALLENGE
                + "\"");
  }

  private void refresh(HttpExchange exchange, Request request) throws IOException {
    if (request.header("Secure-Session-Response") == null) {
      String challenge = "refresh-challenge-" + challenges.incrementAndGet();
      refreshChallenges.add(challenge);
      exchange
          .getResponseHeaders()
          .add("Secure-Session-Challenge", "\"" + challenge + "\";id=\"" + SESSION_ID + "\"");
      exchange.sendResponseHeaders(403, -1);
      return;
    }
    instructions(exchange, !endSessionOnRefresh);
  }

  /** Session instructions JSON (draft §9.1) and, unless ending, a fresh bound cookie. */
  private void instructions(HttpExchange exchange, boolean keepGoing) throws IOException {
    String attributes = "Path=/; Secure; HttpOnly; SameSite=Lax";
    String body =
        "{\"session_identifier\":\""
            + SESSION_ID
            + "\",\"refresh_url\":\"/session-binding/refresh\""
            + (keepGoing ? "" : ",\"continue\":false")
            + ",\"scope\":{\"include_site\":false,\"scope_specification\":[]}"
            + ",\"credentials\":[{\"type\":\"cookie\",\"name\":\""
            + BOUND_COOKIE
            + "\",\"attributes\":\""
            + attributes
            + "\"}]}";
    if (keepGoing) {
      String value = "v" + challenges.incrementAndGet();
      exchange
          .getResponseHeaders()
          .add(
              "Set-Cookie",
              BOUND_COOKIE
                  + "="
                  + value
                  + "; Max-Age="
                  + boundCookieLifetime.toSeconds()
                  + "; "
                  + attributes);
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void html(HttpExchange exchange, int status, String page) throws IOException {
    byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
