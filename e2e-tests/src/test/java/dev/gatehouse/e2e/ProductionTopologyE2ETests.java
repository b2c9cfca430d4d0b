package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.totp.TestTotp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production topology (docker-compose's, run as real processes by {@link ProductionStack}):
 * headless Chromium over HTTPS through nginx to two gateway replicas in the {@code prod} profile.
 * The {@code __Host-} cookie is set and used, a session created through one replica is served by
 * the other (nginx's access log names the replica of every request), an operator's forced logout is
 * refused by both replicas, auth-service records the browser's address rather than nginx's or a
 * gateway's, and {@code /actuator} never reaches a replica through nginx.
 */
class ProductionTopologyE2ETests {

  private static final String SESSION_COOKIE = "__Host-GATEHOUSE_SESSION";
  private static final JsonMapper json = JsonMapper.builder().build();

  /** The template's {@code gatehouse} log format: {@code "METHOD /path" status upstream=...}. */
  private static final Pattern LOG_LINE =
      Pattern.compile("\"(\\S+) (\\S+)\" (\\d{3}) upstream=(\\S+(?:, \\S+)*) upstream_status=");

  /**
   * Where a compose healthcheck connects: {@code /dev/tcp/127.0.0.1/<port>} inside the container.
   */
  private static final Pattern PROBED_PORT = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/\\d+");

  private static ProductionStack stack;
  private static HttpClient http;
  private static TestTotp adminTotp;

  @RegisterExtension final Browsers browsers = new Browsers();

  @BeforeAll
  static void start() {
    HeadlessChromium.requireInstalled();
    stack = ProductionStack.shared();
    http = stack.http();
  }

  @Test
  void loginOverHttpsWhenBehindNginxThenHostCookieSetAndSessionServedByTheOtherReplica()
      throws InterruptedException {
    HeadlessChromium browser = browser("admin");
    int mark = stack.nginx.accessLogLines().size();

    signIn(browser);

    assertThat(browser.location().getScheme()).isEqualTo("https");
    Cookie session = browser.driver.manage().getCookieNamed(SESSION_COOKIE);
    assertThat(session).as("the browser kept the __Host- cookie over HTTPS").isNotNull();
    assertThat(session.isSecure()).isTrue();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getPath()).isEqualTo("/");
    assertThat(session.getDomain()).as("host-only, no Domain attribute").isEqualTo("localhost");
    String loginReplica = awaitLogLine(mark, "POST", "/login").upstream();
    assertThat(loginReplica).isIn(stack.upstream(0), stack.upstream(1));
    String otherReplica =
        loginReplica.equals(stack.upstream(0)) ? stack.upstream(1) : stack.upstream(0);

    // Round robin: within a few requests one lands on the replica that did not see the login.
    List<String> servedBy = new ArrayList<>();
    String sid = null;
    for (int request = 0; request < 6 && !servedBy.contains(otherReplica); request++) {
      int before = stack.nginx.accessLogLines().size();
      Me me = fetchMe(browser);
      assertThat(me.status()).as("the cookie works on every replica").isEqualTo(200);
      sid = sid == null ? me.sid() : sid;
      assertThat(me.sid()).as("one session, whichever replica answers").isEqualTo(sid);
      LogLine line = awaitLogLine(before, "GET", "/api/me");
      assertThat(line.status()).isEqualTo(200);
      servedBy.add(line.upstream());
    }
    assertThat(servedBy).as("replicas that answered /api/me").contains(otherReplica);
  }

  @Test
  void forceLogoutWhenOperatorEndsBrowserSessionThenBothReplicasRefuseItAndBrowserAddressRecorded()
      throws Exception {
    HeadlessChromium browser = browser("victim");
    signIn(browser);
    String browserCookie = SESSION_COOKIE + "=" + sessionCookie(browser).getValue();
    String sid = fetchMe(browser).sid();
    String operator = jsonLogin();
    for (int replica = 0; replica < 2; replica++) {
      assertThat(statusAtReplica(replica, browserCookie)).isEqualTo(200);
    }

    HttpResponse<String> sessions =
        send(request(stack.https("/admin/sessions?user=" + ProductionStack.ADMIN), operator));
    assertThat(sessions.statusCode()).isEqualTo(200);
    assertThat(recordedAddress(json.readTree(sessions.body()), sid))
        .as("the browser's address, not nginx's (%s) or a gateway's", ProductionStack.NGINX_ADDRESS)
        .hasValue("127.0.0.1");

    HttpResponse<String> ended =
        send(request(stack.https("/admin/sessions/" + sid), operator).DELETE());
    assertThat(ended.statusCode()).isEqualTo(204);

    awaitRefusedByBothReplicas(browserCookie);
    for (int replica = 0; replica < 2; replica++) {
      assertThat(statusAtReplica(replica, operator)).as("the operator's session").isEqualTo(200);
    }
    browser.open(stack.https("/"));
    browser.waiting().until(ExpectedConditions.urlContains("/login?next="));
  }

  /**
   * OpenID Connect Back-Channel Logout through the public listener, as the provider reaches it:
   * nginx, a gateway, auth-service, which revokes through the normal path, so both replicas refuse
   * the session within the revocation bound. The same token again is a replay: 400.
   */
  @Test
  void backChannelLogoutWhenProviderEndsTheSessionThenBothReplicasRefuseItAndReplayIsRefused()
      throws Exception {
    String cookie = jsonLogin();
    HttpResponse<String> me = send(request(stack.https("/api/me"), cookie));
    String sid = json.readTree(me.body()).get("sid").asString();
    stack.markFromProvider(sid, "provider-session-e2e");
    for (int replica = 0; replica < 2; replica++) {
      assertThat(statusAtReplica(replica, cookie)).isEqualTo(200);
    }
    String logoutToken = stack.openIdProvider.logoutToken("provider-session-e2e");

    long sent = System.nanoTime();
    HttpResponse<String> accepted = sendLogoutToken(logoutToken);
    long answered = System.nanoTime();
    assertThat(accepted.statusCode()).isEqualTo(200);
    awaitRefusedByBothReplicas(cookie);
    // Figures for the README, not assertions: wall-clock time depends on the machine. The first
    // token of a run also makes auth-service fetch the provider's JWKS.
    System.out.printf(
        "back-channel logout: answered in %d ms; both replicas refused the session %d ms later%n",
        Duration.ofNanos(answered - sent).toMillis(),
        Duration.ofNanos(System.nanoTime() - answered).toMillis());

    HttpResponse<String> replayed = sendLogoutToken(logoutToken);
    assertThat(replayed.statusCode()).isEqualTo(400);
    assertThat(json.readTree(replayed.body()).get("error").asString()).isEqualTo("invalid_request");
  }

  private static HttpResponse<String> sendLogoutToken(String logoutToken)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(
                stack.https("/logout/connect/back-channel/" + OpenIdProvider.REGISTRATION))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + logoutToken)));
  }

  @Test
  void loginThroughNginxWhenClientSendsForwardedHeadersThenAuthServiceRecordsTheRealPeer()
      throws Exception {
    String spoofer =
        jsonLogin(
            Map.of(
                "X-Forwarded-For", "203.0.113.7",
                "Forwarded", "for=203.0.113.8",
                "X-Real-IP", "203.0.113.9"));
    HttpResponse<String> me = send(request(stack.https("/api/me"), spoofer));
    assertThat(me.statusCode()).isEqualTo(200);
    String sid = json.readTree(me.body()).get("sid").asString();

    HttpResponse<String> sessions =
        send(request(stack.https("/admin/sessions?user=" + ProductionStack.ADMIN), spoofer));

    assertThat(sessions.statusCode()).isEqualTo(200);
    assertThat(recordedAddress(json.readTree(sessions.body()), sid))
        .as("the real peer, whatever the client wrote")
        .hasValue("127.0.0.1");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/actuator",
        "/actuator/health",
        "/actuator/prometheus",
        "/actuator/gateway/routes",
        "/%61ctuator/health",
        "//actuator/health",
        "/actuator/../actuator/health"
      })
  void actuatorThroughNginxThenNotFoundWithoutReachingAReplica(String path) throws Exception {
    for (URI uri : List.of(stack.https(path), stack.internal(path))) {
      int mark = stack.nginx.accessLogLines().size();

      HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET());

      assertThat(response.statusCode()).as(uri.toString()).isEqualTo(404);
      assertThat(awaitLogLine(mark, "GET", "/actuator").upstream())
          .as("nginx answered %s itself", uri)
          .isEqualTo("-");
    }
  }

  @Test
  void internalListenerWhenJwksRequestedThenServedAndNothingElse() throws Exception {
    HttpResponse<String> jwks =
        send(HttpRequest.newBuilder(stack.internal("/.well-known/jwks.json")));
    assertThat(jwks.statusCode()).isEqualTo(200);
    JsonNode keys = json.readTree(jwks.body()).get("keys");
    assertThat(keys.isEmpty()).isFalse();
    keys.forEach(key -> assertThat(key.has("d")).as("public keys only").isFalse());

    for (String path : List.of("/", "/login", "/api/me", "/admin/sessions", "/logout")) {
      assertThat(send(HttpRequest.newBuilder(stack.internal(path))).statusCode())
          .as(path)
          .isEqualTo(404);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth-service", "gateway-1", "gateway-2", "demo-backend"})
  void composeHealthcheckWhenRunAsDockerRunsItThenHealthyAndUnhealthyWithoutTheService(
      String service) {
    List<String> test = ComposeFile.healthcheck(service);
    assertThat(test.get(0)).as("exec form: no /bin/sh (dash) in between").isEqualTo("CMD");
    List<String> argv = new ArrayList<>(test.subList(1, test.size()));
    String script = argv.get(argv.size() - 1);
    assertThat(script).containsPattern(PROBED_PORT);

    argv.set(argv.size() - 1, withPort(script, stack.probedPort(service)));
    DebianTools.Result healthy = DebianTools.run(Path.of("."), argv);
    argv.set(argv.size() - 1, withPort(script, FreePorts.next()));
    DebianTools.Result nothingListening = DebianTools.run(Path.of("."), argv);

    assertThat(healthy.exitCode()).as(healthy.output()).isZero();
    assertThat(nothingListening.exitCode()).isNotZero();
  }

  // --- browser steps ---

  private HeadlessChromium browser(String name) {
    return browsers.open(name, List.of(spkiArgument()));
  }

  private static String spkiArgument() {
    return stack.certificate.chromiumPin();
  }

  /**
   * Signs in as the bootstrap admin through nginx. MFA is required for admins (the default), so the
   * first sign-in of the run goes through TOTP enrollment, where the test reads the setup key from
   * the page; later ones enter a code computed from it.
   */
  private static void signIn(HeadlessChromium browser) throws InterruptedException {
    browser.open(stack.https("/"));
    browser.waiting().until(ExpectedConditions.urlContains("/login?next="));
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
    browser.driver.findElement(By.id("username")).sendKeys(ProductionStack.ADMIN);
    browser.driver.findElement(By.id("password")).sendKeys(stack.adminPassword);
    browser.driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
    boolean enrolling = !browser.driver.findElements(By.id("totp-secret")).isEmpty();
    synchronized (ProductionTopologyE2ETests.class) {
      if (enrolling) {
        assertThat(adminTotp).as("the admin enrolls once").isNull();
        adminTotp = new TestTotp(browser.driver.findElement(By.id("totp-secret")).getText());
      }
      assertThat(adminTotp)
          .as("the admin's authenticator, set up at the first sign-in")
          .isNotNull();
    }
    browser.driver.findElement(By.id("code")).sendKeys(adminTotp.nextCode());
    browser.driver.findElement(By.xpath("//input[@id='code']/ancestor::form//button")).click();
    if (enrolling) {
      browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("recovery-codes")));
      browser.driver.findElement(By.id("continue")).click();
    }
    browser
        .waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("greeting"), "Hello, " + ProductionStack.ADMIN + "!"));
  }

  /**
   * The admin's authenticator, enrolled by a first browser sign-in when no test has done it yet.
   */
  private static synchronized TestTotp adminTotp() throws InterruptedException {
    if (adminTotp == null) {
      HeadlessChromium first =
          HeadlessChromium.start("first-admin-sign-in", List.of(spkiArgument()));
      try {
        signIn(first);
      } finally {
        first.close();
      }
    }
    return adminTotp;
  }

  private static Cookie sessionCookie(HeadlessChromium browser) {
    Cookie cookie = browser.driver.manage().getCookieNamed(SESSION_COOKIE);
    assertThat(cookie).as("the browser's session cookie").isNotNull();
    return cookie;
  }

  /** {@code GET /api/me} from the page, as the page's own script would call it. */
  private static Me fetchMe(HeadlessChromium browser) {
    @SuppressWarnings("unchecked")
    List<Object> result =
        (List<Object>)
            browser.driver.executeAsyncScript(
                """
                const done = arguments[arguments.length - 1];
                fetch('/api/me', {cache: 'no-store'})
                  .then(r => r.json().then(me => done([r.status, me.sid || ''])))
                  .catch(e => done([0, String(e)]));
                """);
    return new Me(((Number) result.get(0)).intValue(), (String) result.get(1));
  }

  private record Me(int status, String sid) {}

  // --- HTTP steps (the test's own client trusts only the stack's certificate) ---

  /** Logs in as the admin through nginx with the JSON API; returns {@code name=value}. */
  private static String jsonLogin() throws IOException, InterruptedException {
    return jsonLogin(Map.of());
  }

  /** {@link #jsonLogin()} with extra request headers. */
  private static String jsonLogin(Map<String, String> headers)
      throws IOException, InterruptedException {
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("username", ProductionStack.ADMIN);
    credentials.put("password", stack.adminPassword);
    credentials.put("otp", adminTotp().nextCode());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(stack.https("/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(credentials)));
    headers.forEach(request::header);
    HttpResponse<String> login = send(request);
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie =
        login.headers().allValues("Set-Cookie").stream()
            .filter(value -> value.startsWith(SESSION_COOKIE + "="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("login sets " + SESSION_COOKIE));
    assertThat(setCookie).contains("Secure").contains("HttpOnly").contains("Path=/");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private static HttpRequest.Builder request(URI uri, String cookie) {
    return HttpRequest.newBuilder(uri).header("Cookie", cookie);
  }

  private static int statusAtReplica(int replica, String cookie) {
    try {
      return send(request(stack.replica(replica, "/api/me"), cookie)).statusCode();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  /**
   * Waits until both replicas answer 401 to {@code cookie}, each answering 200 until then (never
   * another status). Generous ceiling: the propagation time is the benchmark's figure.
   */
  private static void awaitRefusedByBothReplicas(String cookie) {
    List<Integer> pending = new ArrayList<>(List.of(0, 1));
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              pending.removeIf(
                  replica -> {
                    int status = statusAtReplica(replica, cookie);
                    if (status != 401) {
                      assertThat(status).as("before the revocation applies").isEqualTo(200);
                    }
                    return status == 401;
                  });
              return pending.isEmpty();
            });
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Optional<String> recordedAddress(JsonNode page, String sid) {
    for (JsonNode item : page.get("items")) {
      if (sid.equals(item.get("sid").asString())) {
        return Optional.ofNullable(item.get("ip")).map(JsonNode::asString);
      }
    }
    return Optional.empty();
  }

  private static String withPort(String script, int port) {
    return PROBED_PORT.matcher(script).replaceAll("/dev/tcp/127.0.0.1/" + port);
  }

  // --- nginx's access log ---

  private record LogLine(String method, String path, int status, String upstream) {}

  /**
   * The first line after line {@code mark} for {@code method} and a path starting with {@code path}
   * (nginx logs the normalized path: decoded, slashes merged, dot segments resolved). nginx writes
   * a line when the response is done, which may be just after the client read it.
   */
  private static LogLine awaitLogLine(int mark, String method, String path) {
    return await("nginx access log line for " + method + " " + path)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> findLogLine(mark, method, path), Optional::isPresent)
        .orElseThrow();
  }

  private static Optional<LogLine> findLogLine(int mark, String method, String path) {
    List<String> lines = stack.nginx.accessLogLines();
    for (String line : lines.subList(Math.min(mark, lines.size()), lines.size())) {
      Matcher matcher = LOG_LINE.matcher(line);
      if (matcher.find() && matcher.group(1).equals(method) && matcher.group(2).startsWith(path)) {
        String[] upstreams = matcher.group(4).split(", ");
        return Optional.of(
            new LogLine(
                matcher.group(1),
                matcher.group(2),
                Integer.parseInt(matcher.group(3)),
                upstreams[upstreams.length - 1]));
      }
    }
    return Optional.empty();
  }
}
