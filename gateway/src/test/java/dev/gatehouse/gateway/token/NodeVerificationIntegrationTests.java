package dev.gatehouse.gateway.token;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatehouse.gateway.GatewayInstance;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.testsupport.time.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's Node snippet ({@code docs/verify/node/verify.mjs}, jose) run by {@code node} against
 * tokens a real gateway minted and the gateway's real JWKS endpoint: it accepts a token for its
 * audience, and rejects one minted for another route's audience, an expired one (minted while the
 * gateway's clock stood 10 minutes back) and an {@code alg: none} copy. {@code jose} comes from the
 * committed lock file ({@code npm ci} when {@code node_modules} is missing).
 */
class NodeVerificationIntegrationTests {

  static final TestUpstreams upstreams = new TestUpstreams();
  static final TestClock clock = new TestClock();
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Path SNIPPET_DIR = snippetDirectory();
  static final String ISSUER = "https://gatehouse.example";

  static GatewayInstance gateway;

  @BeforeAll
  static void start() throws Exception {
    requireNode();
    installJose();
    gateway =
        GatewayInstance.start(
            Map.of(
                "gatehouse.introspection.client-secret",
                "node-verification-secret",
                "gatehouse.token.issuer",
                ISSUER,
                "gatehouse.upstream.auth-service",
                upstreams.authService.baseUrl(),
                "gatehouse.upstream.demo-backend",
                upstreams.backend.baseUrl()),
            MovableClock.class);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    upstreams.stop();
  }

  @BeforeEach
  void reset() {
    upstreams.reset();
    clock.reset();
  }

  @Test
  void verifyWhenGatewayMintedTokenForThisAudienceThenValidWithItsSubject() throws Exception {
    TestSession alice = TestSession.alice();
    String jwt = mintedFor("/api/me", alice);

    JsonNode result = verify(jwt, "demo-backend");

    assertThat(result.path("valid").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("sub").asString()).isEqualTo(alice.userId());
    assertThat(result.path("claims").path("sid").asString()).isEqualTo(alice.sid());
  }

  @Test
  void verifyWhenTokenMintedForAnotherAudienceThenRejected() throws Exception {
    String forAuthService = mintedFor("/account", TestSession.alice());

    JsonNode result = verify(forAuthService, "demo-backend");

    assertThat(result.path("valid").asBoolean()).as(result.toString()).isFalse();
    assertThat(result.path("error").asString()).isEqualTo("ERR_JWT_CLAIM_VALIDATION_FAILED");
  }

  @Test
  void verifyWhenTokenExpiredBeyondTheLeewayThenRejected() throws Exception {
    clock.advance(Duration.ofMinutes(-10));
    String expired = mintedFor("/api/me", TestSession.alice());
    clock.reset();

    JsonNode result = verify(expired, "demo-backend");

    assertThat(result.path("valid").asBoolean()).as(result.toString()).isFalse();
    assertThat(result.path("error").asString()).isEqualTo("ERR_JWT_EXPIRED");
  }

  @Test
  void verifyWhenAlgNoneCopyOfAValidTokenThenRejected() throws Exception {
    String jwt = mintedFor("/api/me", TestSession.alice());
    String[] parts = jwt.split("\\.");
    JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
    String none =
        "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + header.path("kid").asString() + "\"}";
    String unsigned = base64Url(none) + "." + parts[1] + ".";

    JsonNode result = verify(unsigned, "demo-backend");

    assertThat(result.path("valid").asBoolean()).as(result.toString()).isFalse();
    assertThat(result.path("error").asString()).isEqualTo("ERR_JOSE_ALG_NOT_ALLOWED");
  }

  @Test
  void verifyWhenKidMissingOrUnknownThenRejected() throws Exception {
    String jwt = mintedFor("/api/me", TestSession.alice());
    String[] parts = jwt.split("\\.");
    String noKid =
        base64Url("{\"alg\":\"ES256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2];
    String unknownKid =
        base64Url("{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"not-ours\"}")
            + "."
            + parts[1]
            + "."
            + parts[2];

    assertThat(verify(noKid, "demo-backend").path("error").asString())
        .isEqualTo("ERR_GATEHOUSE_NO_KID");
    assertThat(verify(unknownKid, "demo-backend").path("error").asString())
        .isEqualTo("ERR_JWKS_NO_MATCHING_KEY");
  }

  /** The internal JWT the gateway relays upstream for a request to {@code path}. */
  private static String mintedFor(String path, TestSession session) {
    String token = TestSessions.newToken();
    upstreams.authService.stubFor(
        post(urlEqualTo("/oauth2/introspect"))
            .withRequestBody(equalTo("token=" + token))
            .willReturn(okJson(session.introspectionJson())));
    gateway
        .client()
        .get()
        .uri(path)
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .expectStatus()
        .isOk();
    List<LoggedRequest> received =
        path.startsWith("/api/")
            ? upstreams.backendRequests()
            : upstreams.authServiceRequestsOtherThanTheFeed().stream()
                .filter(request -> request.getUrl().startsWith(path))
                .toList();
    String authorization = received.get(received.size() - 1).getHeader(HttpHeaders.AUTHORIZATION);
    assertThat(authorization).startsWith("Bearer ");
    return authorization.substring("Bearer ".length());
  }

  private static JsonNode verify(String token, String audience) throws Exception {
    ProcessBuilder node =
        new ProcessBuilder("node", SNIPPET_DIR.resolve("verify.mjs").toString(), token)
            .directory(SNIPPET_DIR.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    node.environment()
        .putAll(
            Map.of(
                "GATEHOUSE_JWKS_URI", gateway.baseUrl() + "/.well-known/jwks.json",
                "GATEHOUSE_ISSUER", ISSUER,
                "GATEHOUSE_AUDIENCE", audience));
    Process process = node.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("node verify.mjs did not finish within 60 s");
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    JsonNode result = JSON.readTree(out);
    assertThat(process.exitValue()).as(out).isEqualTo(result.path("valid").asBoolean() ? 0 : 1);
    return result;
  }

  private static void requireNode() throws Exception {
    try {
      Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
        fail("node --version failed");
      }
    } catch (IOException e) {
      fail(
          "This test runs the Node snippet of docs/verify/node and needs node (20+) and npm on the"
              + " PATH; .ci/run installs Debian's nodejs and npm. "
              + e.getMessage());
    }
  }

  /** {@code npm ci} from the committed lock file, once: nothing is resolved anew. */
  private static void installJose() throws Exception {
    if (Files.isDirectory(SNIPPET_DIR.resolve("node_modules/jose"))) {
      return;
    }
    Process npm =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(SNIPPET_DIR.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
      fail("npm ci in " + SNIPPET_DIR + " failed:\n" + out);
    }
  }

  private static Path snippetDirectory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("docs/verify/node");
      if (Files.isRegularFile(candidate.resolve("verify.mjs"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("docs/verify/node/verify.mjs not found above the build");
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The gateway's clock, moved by the tests (the expired token is minted 10 minutes back). */
  @Configuration(proxyBeanMethods = false)
  static class MovableClock {

    @Bean
    @Primary
    Clock movableClock() {
      return clock;
    }
  }
}
