package dev.gatehouse.gateway.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatehouse.gateway.RawHttp;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The attack table: hostile cookies, {@code Authorization} values and header sets, sent as raw
 * bytes (so CR, LF, NUL and non-ASCII reach the server as an attacker would send them). Every row
 * must end in a 4xx or in alice's own identity, never a 5xx and never another identity; a row whose
 * credential cannot be a session token must not reach auth-service at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class HostileRequestIntegrationTests {

  static final TestUpstreams upstreams = new TestUpstreams();
  static final WireMockServer authService = upstreams.authService;

  /** alice's live session; every row that reaches the backend must carry exactly her identity. */
  static final String ALICE_TOKEN = TestSessions.newToken();

  static final TestSession ALICE = TestSession.alice();
  static final String INACTIVE_TOKEN = TestSessions.newToken();

  @LocalServerPort int port;

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
    authService.stubFor(any(urlPathEqualTo("/admin/sessions")).willReturn(okJson("[]")));
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect")).willReturn(okJson("{\"active\":false}")));
    authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + ALICE_TOKEN))
            .atPriority(1)
            .willReturn(okJson(ALICE.introspectionJson())));
  }

  /**
   * @param attack what the row tries
   * @param request the raw request head after the request line (header lines, CRLF-separated)
   * @param path the request target
   * @param allowed the acceptable statuses
   * @param reachesAuthService whether introspection may be called (false: refused locally)
   */
  record Attack(
      String attack,
      String method,
      String path,
      String headers,
      Set<Integer> allowed,
      boolean reachesAuthService) {

    @Override
    public String toString() {
      return attack;
    }
  }

  static Attack malformed(String attack, String headers) {
    return new Attack(attack, "GET", "/api/me", headers, Set.of(400, 401), false);
  }

  static Attack asAlice(String attack, String headers) {
    return new Attack(attack, "GET", "/api/me", cookie(ALICE_TOKEN) + headers, Set.of(200), true);
  }

  static String cookie(String value) {
    return "Cookie: GATEHOUSE_SESSION=" + value + "\r\n";
  }

  static Stream<Attack> attacks() {
    String valid = TestSessions.newToken();
    List<Attack> rows = new ArrayList<>();
    rows.add(malformed("empty cookie value", cookie("")));
    rows.add(malformed("whitespace cookie value", cookie("   ")));
    rows.add(malformed("53-character token", cookie(valid.substring(1))));
    rows.add(malformed("55-character token", cookie(valid + "A")));
    rows.add(malformed("the old 43-character format", cookie(valid.substring(0, 43))));
    rows.add(malformed("base64 padding", cookie(valid.substring(0, 53) + "=")));
    rows.add(malformed("standard base64 alphabet", cookie(valid.substring(0, 51) + "+/A")));
    rows.add(malformed("impossible final digit", cookie(valid.substring(0, 53) + "B")));
    rows.add(
        malformed(
            "random well-formed token without a valid check value",
            cookie(TestSessions.forgedToken())));
    rows.add(
        malformed(
            "random well-formed bearer token without a valid check value",
            "Authorization: Bearer " + TestSessions.forgedToken() + "\r\n"));
    rows.add(
        malformed(
            "valid token with one character changed",
            cookie(
                valid.substring(0, 10)
                    + (valid.charAt(10) == 'x' ? 'y' : 'x')
                    + valid.substring(11))));
    rows.add(malformed("quoted token", cookie("\"" + valid + "\"")));
    rows.add(malformed("sql injection", cookie("' OR '1'='1")));
    rows.add(
        malformed(
            "sql injection padded to token length", cookie(padded("';DROP_TABLE_sessions;--"))));
    rows.add(malformed("path traversal", cookie("../../../../etc/passwd")));
    rows.add(malformed("non-ascii token", cookie(valid.substring(0, 52) + "é")));
    rows.add(malformed("fullwidth letters", cookie(valid.substring(0, 51) + "ＡＢＣ")));
    rows.add(malformed("other user's sid as cookie", cookie(UUID.randomUUID().toString())));
    rows.add(malformed("jwt as cookie", cookie("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.")));
    rows.add(
        malformed(
            "two session cookies, same value",
            "Cookie: GATEHOUSE_SESSION=" + valid + "; GATEHOUSE_SESSION=" + valid + "\r\n"));
    rows.add(
        malformed(
            "two session cookies, alice's first",
            "Cookie: GATEHOUSE_SESSION=" + ALICE_TOKEN + "; GATEHOUSE_SESSION=" + valid + "\r\n"));
    rows.add(
        malformed("session cookie in two Cookie headers", cookie(ALICE_TOKEN) + cookie(valid)));
    rows.add(malformed("cookie name in lower case", "Cookie: gatehouse_session=" + valid + "\r\n"));
    rows.add(
        malformed(
            "unconfigured __Host- name", "Cookie: __Host-GATEHOUSE_SESSION=" + valid + "\r\n"));
    rows.add(
        new Attack(
            "token in the query string",
            "GET",
            "/api/me?GATEHOUSE_SESSION=" + valid,
            "",
            Set.of(401),
            false));
    rows.add(
        new Attack(
            "token as access_token parameter",
            "GET",
            "/api/me?access_token=" + valid,
            "",
            Set.of(401),
            false));
    rows.add(malformed("basic authorization", "Authorization: Basic YWRtaW46YWRtaW4=\r\n"));
    rows.add(malformed("empty bearer", "Authorization: Bearer \r\n"));
    rows.add(
        malformed(
            "unsigned jwt as bearer",
            "Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.\r\n"));
    rows.add(malformed("bearer with two spaces", "Authorization: Bearer  " + valid + "\r\n"));
    rows.add(
        malformed(
            "bearer followed by a second scheme",
            "Authorization: Bearer " + valid + ", Basic eA==\r\n"));
    rows.add(
        malformed(
            "two authorization headers",
            "Authorization: Bearer "
                + ALICE_TOKEN
                + "\r\nAuthorization: Bearer "
                + valid
                + "\r\n"));
    rows.add(
        malformed(
            "cookie and bearer together",
            cookie(ALICE_TOKEN) + "Authorization: Bearer " + valid + "\r\n"));
    rows.add(
        malformed(
            "crlf in the cookie adding an identity header",
            "Cookie: GATEHOUSE_SESSION=abc\r\nX-Gatehouse-User: admin\r\n"));
    rows.add(
        new Attack(
            "nul byte in the cookie",
            "GET",
            "/api/me",
            "Cookie: GATEHOUSE_SESSION="
                + valid.substring(0, 20)
                + "\0"
                + valid.substring(21)
                + "\r\n",
            Set.of(400, 401),
            false));
    rows.add(
        new Attack(
            "bare carriage return in a header",
            "GET",
            "/api/me",
            "Cookie: GATEHOUSE_SESSION=" + valid + "\rX-Gatehouse-User: admin\r\n",
            Set.of(400, 401),
            false));
    rows.add(
        new Attack(
            "oversized cookie header",
            "GET",
            "/api/me",
            "Cookie: junk="
                + "x".repeat(5_000)
                + "; "
                + "GATEHOUSE_SESSION="
                + ALICE_TOKEN
                + "\r\n",
            Set.of(431),
            false));
    rows.add(
        new Attack(
            "oversized header block",
            "GET",
            "/api/me",
            cookie(ALICE_TOKEN) + "X-Padding: " + "y".repeat(20_000) + "\r\n",
            Set.of(400, 431),
            false));
    rows.add(
        new Attack(
            "valid-shape unknown token", "GET", "/api/me", cookie(valid), Set.of(401), true));
    rows.add(
        new Attack(
            "expired or revoked token",
            "GET",
            "/api/me",
            cookie(INACTIVE_TOKEN),
            Set.of(401),
            true));
    rows.add(
        new Attack(
            "lower-case bearer scheme with an unknown token",
            "GET",
            "/api/me",
            "Authorization: bearer " + valid + "\r\n",
            Set.of(401),
            true));
    rows.add(
        asAlice("spoofed X-Gatehouse-User", "X-Gatehouse-User: " + UUID.randomUUID() + "\r\n"));
    rows.add(asAlice("spoofed X-Gatehouse-Username", "X-Gatehouse-Username: admin\r\n"));
    rows.add(asAlice("spoofed X-Gatehouse-Roles", "X-Gatehouse-Roles: admin\r\n"));
    rows.add(asAlice("spoofed X-User-Id", "X-User-Id: 1\r\n"));
    rows.add(asAlice("spoofed X-Forwarded-For", "X-Forwarded-For: 10.6.6.6\r\n"));
    rows.add(
        asAlice(
            "spoofed X-Forwarded-Host and -Proto",
            "X-Forwarded-Host: evil.example\r\nX-Forwarded-Proto: https\r\n"));
    rows.add(asAlice("spoofed Forwarded", "Forwarded: for=10.6.6.6;host=evil.example\r\n"));
    rows.add(asAlice("spoofed X-Real-IP", "X-Real-IP: 10.6.6.6\r\n"));
    rows.add(asAlice("path override via X-Original-URL", "X-Original-URL: /admin/sessions\r\n"));
    rows.add(asAlice("path override via X-Rewrite-URL", "X-Rewrite-URL: /admin/sessions\r\n"));
    rows.add(
        new Attack(
            "spoofed admin role on an admin route",
            "GET",
            "/admin/sessions",
            cookie(ALICE_TOKEN) + "X-Gatehouse-Roles: admin\r\n",
            Set.of(403),
            true));
    rows.add(
        new Attack(
            "identity header without any session",
            "GET",
            "/api/me",
            "X-Gatehouse-User: " + ALICE.userId() + "\r\n",
            Set.of(401),
            false));
    rows.add(
        new Attack(
            "cross-site POST with alice's cookie",
            "POST",
            "/api/notes",
            cookie(ALICE_TOKEN) + "Origin: https://evil.example\r\nContent-Length: 0\r\n",
            Set.of(403),
            false));
    rows.add(
        new Attack(
            "POST from an opaque origin",
            "POST",
            "/api/notes",
            cookie(ALICE_TOKEN) + "Origin: null\r\nContent-Length: 0\r\n",
            Set.of(403),
            false));
    rows.add(
        new Attack(
            "POST from an opaque origin the browser calls cross-site",
            "POST",
            "/api/notes",
            cookie(ALICE_TOKEN)
                + "Origin: null\r\nSec-Fetch-Site: cross-site\r\nContent-Length: 0\r\n",
            Set.of(403),
            false));
    rows.add(
        new Attack(
            "POST marked cross-site by the browser",
            "POST",
            "/api/notes",
            cookie(ALICE_TOKEN) + "Sec-Fetch-Site: cross-site\r\nContent-Length: 0\r\n",
            Set.of(403),
            false));
    rows.add(
        new Attack(
            "login CSRF: cross-site POST to /login",
            "POST",
            "/login",
            "Origin: https://evil.example\r\nContent-Length: 0\r\n",
            Set.of(403),
            false));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void hostileRequestThenRefusedOrServedAsItsOwnIdentityOnly(Attack row) throws IOException {
    int status = RawHttp.send(port, row.method(), row.path(), row.headers()).status();

    assertThat(status).as(row.attack()).isIn(row.allowed()).isLessThan(500);
    if (!row.reachesAuthService()) {
      assertThat(introspectionCalls()).as("%s: refused locally", row.attack()).isZero();
    }
    for (LoggedRequest upstream : upstreams.backendRequests()) {
      assertThat(upstream.getHeader("X-Gatehouse-User")).isEqualTo(ALICE.userId());
      assertThat(upstream.getHeader("X-Gatehouse-Username")).isEqualTo("alice");
      assertThat(upstream.getHeader("X-Gatehouse-Roles")).isEqualTo("user");
      assertThat(upstream.containsHeader("X-User-Id")).isFalse();
      assertThat(upstream.containsHeader("X-Real-IP")).isFalse();
      assertThat(upstream.containsHeader("X-Original-URL")).isFalse();
      assertThat(upstream.containsHeader("X-Rewrite-URL")).isFalse();
      assertThat(String.valueOf(upstream.getHeader("X-Forwarded-For"))).doesNotContain("10.6.6.6");
      assertThat(String.valueOf(upstream.getHeader("X-Forwarded-Host"))).doesNotContain("evil");
      assertThat(String.valueOf(upstream.getHeader("Forwarded"))).doesNotContain("evil");
      assertThat(String.valueOf(upstream.getHeader("Cookie"))).doesNotContain("GATEHOUSE_SESSION");
    }
  }

  private static long introspectionCalls() {
    return authService.getAllServeEvents().stream()
        .filter(event -> event.getRequest().getUrl().equals("/oauth2/introspect"))
        .count();
  }

  private static String padded(String value) {
    StringBuilder builder = new StringBuilder(value);
    while (builder.length() < 54) {
      builder.append('A');
    }
    return builder.substring(0, 54);
  }
}
