package dev.gatehouse.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.RawHttp;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.protocol.ClientAddressProof;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a hostile reviewer found at the edge (issue 9), as raw-byte requests: malformed {@code
 * Accept}, {@code Connection} naming the gateway's own headers, underscore and alias spellings of
 * identity headers, cross-site WebSocket handshakes, backends setting Gatehouse cookies, the
 * client-address proof for auth-service, a second login ending the first session, and the
 * management port. Never a 5xx, never another identity.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class EdgeHardeningIntegrationTests {

  static final TestUpstreams upstreams = new TestUpstreams();
  static final WireMockServer authService = upstreams.authService;
  static final WireMockServer backend = upstreams.backend;
  static final String SECRET = "s3cret:with&odd=chars";

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  @Autowired Environment environment;

  String aliceToken;
  TestSession alice;

  @DynamicPropertySource
  static void upstreams(DynamicPropertyRegistry registry) {
    upstreams.register(registry);
  }

  @AfterAll
  static void stop() {
    upstreams.stop();
  }

  @BeforeEach
  void reset() {
    upstreams.reset();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect")).willReturn(okJson("{\"active\":false}")));
    aliceToken = TestSessions.newToken();
    alice = TestSession.alice();
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + aliceToken))
            .atPriority(1)
            .willReturn(okJson(alice.introspectionJson())));
  }

  static Stream<String> malformedAccepts() {
    return Stream.of(
        "garbage",
        "text/html;q=",
        "/",
        "text/",
        "*/*;q=abc",
        "text/event-stream;q=x",
        "text/html, ;;;",
        "\"text/html\"",
        "text/html;charset=\"");
  }

  @ParameterizedTest(name = "Accept: {0}")
  @MethodSource("malformedAccepts")
  void requestWhenAcceptIsMalformedThenTreatedAsAbsentNever5xx(String accept) throws IOException {
    String header = "Accept: " + accept + "\r\n";

    assertThat(send("GET", "/api/me", cookie(aliceToken) + header).status()).isEqualTo(200);
    assertThat(send("GET", "/api/me", header).status()).isEqualTo(401);
    assertThat(send("GET", "/", cookie(TestSessions.newToken()) + header).status()).isEqualTo(401);
    assertThat(send("GET", "/login", header).status()).isEqualTo(200);
    assertThat(send("GET", "/.well-known/jwks.json", header).status()).isLessThan(500);
    assertThat(send("GET", "/no/such/route", header).status()).isLessThan(500);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Content-Type: garbage\r\n",
        "Content-Type: /\r\n",
        "Sec-Fetch-Site: \u00ff\r\n",
        "Origin: ::not a url::\r\n",
        "Upgrade: \r\n",
        "Cookie: ;;;==;\r\n",
        "If-Modified-Since: yesterday\r\n",
        "Accept-Language: ??\r\n",
        "Forwarded: ;;;\r\n"
      })
  void requestWhenAnotherHeaderIsMalformedThenNever5xx(String header) throws IOException {
    assertThat(send("GET", "/api/me", cookie(aliceToken) + header).status()).isLessThan(500);
    assertThat(send("POST", "/api/notes", header + "Content-Length: 0\r\n").status())
        .isLessThan(500);
  }

  @ParameterizedTest(name = "Host: {0}")
  @ValueSource(strings = {"[", "[::1", "a b", "evil.example:99999", "\u00e9.example", "x:y:z", ""})
  void requestWhenHostIsMalformedThenNever5xx(String host) throws IOException {
    String head =
        "GET /api/me HTTP/1.1\r\nHost: " + host + "\r\n" + cookie(aliceToken) + "Connection: close";

    assertThat(RawHttp.sendHead(port, head).status()).isLessThan(500);
  }

  @ParameterizedTest(name = "Connection: {0}")
  @ValueSource(
      strings = {
        "Authorization",
        "authorization, keep-alive",
        "X-Forwarded-For",
        "X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host",
        "X-Gatehouse-User, X-Gatehouse-Username, X-Gatehouse-Roles",
        "Cookie",
        "Content-Length"
      })
  void requestWhenConnectionNamesGatewayHeadersThenBackendStillGetsThem(String connection)
      throws IOException {
    RawHttp.Answer answer =
        send("GET", "/api/me", cookie(aliceToken) + "Connection: " + connection + "\r\n");

    assertThat(answer.status()).isEqualTo(200);
    LoggedRequest upstream = onlyBackendRequest();
    assertThat(upstream.getHeader("Authorization")).startsWith("Bearer ey");
    assertThat(upstream.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(upstream.getHeader("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(upstream.getHeader("X-Gatehouse-User")).isEqualTo(alice.userId());
    assertThat(upstream.getHeader("X-Gatehouse-Username")).isEqualTo("alice");
    assertThat(upstream.getHeader("X-Gatehouse-Roles")).isEqualTo("user");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "X_Gatehouse_User",
        "X_GATEHOUSE_ROLES",
        "X-Gatehouse_Username",
        "X_User_Id",
        "X-Remote-User",
        "Remote-User",
        "Remote_User",
        "X-Forwarded-User",
        "X_Forwarded_User",
        "X-Forwarded-Email",
        "X-Auth-Request-User",
        "X-Auth-Request-Email",
        "X-WEBAUTH-USER",
        "X-Authenticated-User",
        "X-HTTP-Method-Override",
        "X-HTTP-Method",
        "X-Method-Override",
        "X_HTTP_Method_Override"
      })
  void requestWhenAliasOfAnIdentityHeaderThenNotForwarded(String name) throws IOException {
    RawHttp.Answer answer = send("GET", "/api/me", cookie(aliceToken) + name + ": admin\r\n");

    assertThat(answer.status()).isEqualTo(200);
    LoggedRequest upstream = onlyBackendRequest();
    String canonical = name.toLowerCase(Locale.ROOT).replace('_', '-');
    assertThat(upstream.getHeaders().all())
        .filteredOn(
            header -> header.key().toLowerCase(Locale.ROOT).replace('_', '-').equals(canonical))
        .as("at most the gateway's own header of that name, never the client's value")
        .allSatisfy(header -> assertThat(header.values()).doesNotContain("admin"))
        .hasSizeLessThanOrEqualTo(1);
    assertThat(upstream.getHeader("X-Gatehouse-User")).isEqualTo(alice.userId());
    assertThat(upstream.getHeader("X-Gatehouse-Roles")).isEqualTo("user");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Origin: https://evil.example\r\n",
        "Origin: null\r\n",
        "Origin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\n",
        "Sec-Fetch-Site: cross-site\r\n"
      })
  void webSocketHandshakeWhenCrossSiteThenRefusedBeforeTheBackend(String origin)
      throws IOException {
    RawHttp.Answer answer =
        send(
            "GET",
            "/api/events",
            cookie(aliceToken)
                + origin
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(backend.getAllServeEvents()).isEmpty();
  }

  @Test
  void responseWhenBackendSetsGatehouseCookiesThenDroppedAndCounted() throws IOException {
    backend.stubFor(
        get(urlEqualTo("/api/me"))
            .willReturn(
                okJson("{}")
                    .withHeader("Set-Cookie", "GATEHOUSE_SESSION=fixed; Path=/")
                    .withHeader("Set-Cookie", "__Host-GATEHOUSE_SESSION=fixed; Path=/; Secure")
                    .withHeader("Set-Cookie", "gatehouse_session=fixed")
                    .withHeader("Set-Cookie", "__Secure-Gatehouse_Session=fixed; Secure")
                    .withHeader("Set-Cookie", "XSRF-TOKEN=planted; Path=/")
                    .withHeader("Set-Cookie", "__Host-XSRF-TOKEN=planted; Path=/; Secure")
                    .withHeader("Set-Cookie", "__Host-GATEHOUSE_OIDC=planted; Path=/; Secure")
                    .withHeader("Set-Cookie", "theme=dark; Path=/")));
    double before = dropped("demo-backend");

    RawHttp.Answer answer = send("GET", "/api/me", cookie(aliceToken));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(setCookies(answer)).containsExactly("theme=dark; Path=/");
    assertThat(dropped("demo-backend") - before).isEqualTo(7);
  }

  @Test
  void responseWhenAuthServiceSetsTheSessionCookieThenPassed() throws IOException {
    loginSetsANewSessionCookie();

    RawHttp.Answer answer = send("POST", "/login", "Content-Length: 0\r\n");

    assertThat(answer.status()).isEqualTo(303);
    assertThat(setCookies(answer)).singleElement().asString().startsWith("GATEHOUSE_SESSION=");
  }

  @Test
  void requestToAuthServiceThenCarriesAClientAddressProofItCanVerify() throws IOException {
    ClientAddressProof proof =
        new ClientAddressProof(SECRET, Clock.systemUTC(), ClientAddressProof.DEFAULT_MAX_AGE);
    String forged = "198.51.100.77;" + (System.currentTimeMillis() / 1000) + ";AAAA";

    send("POST", "/login", "X-Gatehouse-Client: " + forged + "\r\nContent-Length: 0\r\n");
    send("GET", "/api/me", cookie(aliceToken) + "X-Gatehouse-Client: " + forged + "\r\n");

    LoggedRequest login = authServiceRequest("/login");
    assertThat(proof.verify(login.getHeader(ClientAddressProof.HEADER))).contains("127.0.0.1");
    assertThat(onlyBackendRequest().containsHeader(ClientAddressProof.HEADER))
        .as("only auth-service gets the proof")
        .isFalse();
  }

  @Test
  void loginWhenASessionExistsThenAuthServiceLearnsItsSidFromTheMintedToken() throws Exception {
    send("POST", "/login", cookie(aliceToken) + "Content-Length: 0\r\n");

    String authorization = authServiceRequest("/login").getHeader("Authorization");
    assertThat(authorization).startsWith("Bearer ");
    JWTClaimsSet claims = SignedJWT.parse(authorization.substring(7)).getJWTClaimsSet();
    assertThat(claims.getStringClaim("sid")).isEqualTo(alice.sid());
    assertThat(claims.getAudience()).containsExactly("auth-service");
  }

  @Test
  void loginWhenAuthServiceReplacesTheSessionThenOldCookieRefusedAtOnce() throws IOException {
    assertThat(send("GET", "/api/me", cookie(aliceToken)).status()).isEqualTo(200);
    loginSetsANewSessionCookie();
    // From now on auth-service says the old session is over (the login revoked it).
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + aliceToken))
            .atPriority(1)
            .willReturn(okJson("{\"active\":false}")));

    assertThat(send("POST", "/login", cookie(aliceToken) + "Content-Length: 0\r\n").status())
        .isEqualTo(303);

    assertThat(send("GET", "/api/me", cookie(aliceToken)).status())
        .as("not served from the L1 entry cached before the login")
        .isEqualTo(401);
  }

  @Test
  void managementPortWhenNotConfiguredThenBoundToLoopbackOnly() throws IOException {
    assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
    int managementPort = Integer.parseInt(environment.getRequiredProperty("local.management.port"));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), managementPort)) {
      assertThat(socket.isConnected()).isTrue();
    }
    InetAddress external = nonLoopbackAddress();
    if (external != null) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(external, managementPort), 2_000);
        throw new AssertionError("management port reachable on " + external);
      } catch (IOException expected) {
        assertThat(expected).isNotNull();
      }
    }
  }

  /** auth-service answers {@code POST /login} as a successful form login does: 303 and a cookie. */
  private static void loginSetsANewSessionCookie() {
    authService.stubFor(
        post(urlEqualTo("/login"))
            .willReturn(
                aResponse()
                    .withStatus(303)
                    .withHeader("Location", "/")
                    .withHeader(
                        "Set-Cookie",
                        "GATEHOUSE_SESSION=" + TestSessions.newToken() + "; Path=/")));
  }

  private RawHttp.Answer send(String method, String path, String headers) throws IOException {
    return RawHttp.send(port, method, path, headers);
  }

  private static String cookie(String token) {
    return "Cookie: GATEHOUSE_SESSION=" + token + "\r\n";
  }

  private static List<String> setCookies(RawHttp.Answer answer) {
    return Stream.of(answer.head().split("\r\n"))
        .filter(line -> line.regionMatches(true, 0, "Set-Cookie:", 0, 11))
        .map(line -> line.substring(11).trim())
        .toList();
  }

  private double dropped(String route) {
    var counter = meters.find("gatehouse.upstream.cookies.dropped").tag("route", route).counter();
    return counter == null ? 0 : counter.count();
  }

  private static LoggedRequest onlyBackendRequest() {
    assertThat(backend.getAllServeEvents()).hasSize(1);
    return backend.getAllServeEvents().get(0).getRequest();
  }

  private static LoggedRequest authServiceRequest(String path) {
    return authService.getAllServeEvents().stream()
        .map(event -> event.getRequest())
        .filter(request -> request.getUrl().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("auth-service received no " + path));
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
      if (network.isUp() && !network.isLoopback()) {
        for (InetAddress address : network.inetAddresses().toList()) {
          if (address instanceof Inet4Address) {
            return address;
          }
        }
      }
    }
    return null;
  }
}
