package dev.gatehouse.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gatehouse.gateway.TestSessions.TestSession;
import dev.gatehouse.testsupport.redis.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * A role removed from a user reaches every gateway within the revocation bound, by the revocation
 * paths: two instances on one real Redis (WireMock as auth-service, as in {@link
 * SharedCacheAndRevocationIntegrationTests}) cache an admin's introspection; auth-service then
 * answers without {@code admin} and announces a "changed" entry ({@code kind: changed}). Both
 * instances refuse the {@code roles: admin} route ({@code /admin}) with 403, by pub/sub and, with
 * Redis stopped, by the polled feed alone, while the session itself stays usable.
 */
class RoleChangeIntegrationTests {

  static final AtomicLong feedSeq = new AtomicLong();

  static TwoGatewaysOnOneRedis servers;
  static TestRedis redis;
  static WireMockServer authService;
  static WireMockServer backend;
  static GatewayInstance a;
  static GatewayInstance b;

  @BeforeAll
  static void start() {
    servers = new TwoGatewaysOnOneRedis(false);
    redis = servers.redis;
    authService = servers.authService;
    backend = servers.backend;
    stubDefaults();
    servers.startGateways(servers.sharedProperties("role-change-secret"));
    a = servers.a();
    b = servers.b();
  }

  @AfterAll
  static void stop() {
    servers.close();
  }

  @BeforeEach
  void reset() {
    servers.awaitRedisAgain();
    authService.resetAll();
    backend.resetAll();
    stubDefaults();
  }

  @Test
  void adminRoleRemovedThenRefusedByBothInstancesViaPubSubAndSessionStaysUsable() {
    String token = TestSessions.newToken();
    TestSession admin = TestSession.admin();
    cachedAsAdminAtBoth(token, admin);
    double refreshedA = refreshed(a, "pubsub");
    double refreshedB = refreshed(b, "pubsub");

    servers.introspectionAnswers(token, withoutAdmin(admin).introspectionJson());
    // Without the announcement both instances keep serving the cached answer.
    assertThat(status(a, token, "/admin")).isEqualTo(200);
    assertThat(status(b, token, "/admin")).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> publishChangeOnChannel(admin) >= 2);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(a, token, "/admin") == 403 && status(b, token, "/admin") == 403);
    assertThat(status(a, token, "/api/me")).isEqualTo(200);
    assertThat(status(b, token, "/api/me")).isEqualTo(200);
    assertThat(refreshed(a, "pubsub")).isGreaterThan(refreshedA);
    assertThat(refreshed(b, "pubsub")).isGreaterThan(refreshedB);
  }

  @Test
  void adminRoleRemovedWithRedisStoppedThenRefusedByBothViaFeed() {
    String token = TestSessions.newToken();
    TestSession admin = TestSession.admin();
    cachedAsAdminAtBoth(token, admin);
    double refreshedA = refreshed(a, "feed");
    double refreshedB = refreshed(b, "feed");
    redis.stop();

    servers.introspectionAnswers(token, withoutAdmin(admin).introspectionJson());
    publishChangeOnFeed(admin);

    // The feed is polled every second (gatehouse.revocation.poll-interval).
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> status(a, token, "/admin") == 403 && status(b, token, "/admin") == 403);
    assertThat(status(a, token, "/api/me")).isEqualTo(200);
    assertThat(status(b, token, "/api/me")).isEqualTo(200);
    assertThat(refreshed(a, "feed")).isEqualTo(refreshedA + 1);
    assertThat(refreshed(b, "feed")).isEqualTo(refreshedB + 1);
  }

  private static void cachedAsAdminAtBoth(String token, TestSession admin) {
    servers.introspectionAnswers(token, admin.introspectionJson());
    assertThat(status(a, token, "/admin")).isEqualTo(200);
    assertThat(status(b, token, "/admin")).isEqualTo(200);
  }

  private static TestSession withoutAdmin(TestSession session) {
    return new TestSession(
        session.userId(), session.username(), session.sid(), "[\"user\"]", session.exp());
  }

  private static double refreshed(GatewayInstance instance, String source) {
    Counter counter =
        instance
            .bean(MeterRegistry.class)
            .find("gatehouse.sessions.refreshed")
            .tag("source", source)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private static int status(GatewayInstance instance, String token, String path) {
    return instance
        .client()
        .get()
        .uri(path)
        .cookie("GATEHOUSE_SESSION", token)
        .exchange()
        .returnResult(String.class)
        .getStatus()
        .value();
  }

  /** The announcement auth-service publishes after a role change commits. */
  private static long publishChangeOnChannel(TestSession session) {
    return a.bean(ReactiveStringRedisTemplate.class)
        .convertAndSend(
            "gatehouse:revocations",
            "{\"sid\":\"%s\",\"userId\":\"%s\",\"seq\":%d,\"kind\":\"changed\"}"
                .formatted(session.sid(), session.userId(), feedSeq.get() + 1000))
        .blockOptional()
        .orElse(0L);
  }

  /** Makes the next revocation-log entry a "changed" entry for {@code session}. */
  private static void publishChangeOnFeed(TestSession session) {
    long seq = feedSeq.incrementAndGet();
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .atPriority(5)
            .willReturn(
                okJson(
                    """
                    {"events":[{"seq":%d,"sid":"%s","userId":"%s","revokedAt":"%s",\
                    "reason":"roles-changed","kind":"changed"}],"next":%d}"""
                        .formatted(seq, session.sid(), session.userId(), Instant.now(), seq))));
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .withQueryParam("after", equalTo(Long.toString(seq)))
            .atPriority(1)
            .willReturn(okJson("{\"events\":[],\"next\":%d}".formatted(seq))));
  }

  private static void stubDefaults() {
    long seq = feedSeq.get();
    authService.stubFor(
        any(urlPathEqualTo("/internal/revocations"))
            .atPriority(10)
            .willReturn(okJson("{\"events\":[],\"next\":%d}".formatted(seq))));
    // The /admin route's upstream is auth-service; /api/** goes to the backend.
    authService.stubFor(
        any(urlPathEqualTo("/admin")).atPriority(10).willReturn(aResponse().withStatus(200)));
    backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
  }
}
