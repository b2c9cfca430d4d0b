package dev.gatehouse.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.gateway.GatewayApplication;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.testsupport.logs.JsonConsoleLines;
import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.process.ServiceProcess;
import dev.gatehouse.testsupport.redis.TestRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code prod} profile's console: one JSON object (Elastic Common Schema) per line, from the
 * first line of the start to the access log, whose key-values are members of its object. What a log
 * shipper reads from the container's standard output. The gateway runs in its own JVM, as logging
 * is set up once per JVM.
 */
class ProdJsonLogsIntegrationTests {

  static final TestUpstreams upstreams = new TestUpstreams();
  static final String TRACE_ID = "5bf92f3577b34da6a3ce929d0e0e4737";

  static final TestRedis redis = TestRedis.start();

  @AfterAll
  static void stop() {
    upstreams.stop();
    redis.close();
  }

  @Test
  void consoleWhenProdProfileThenEveryLineIsOneJsonObjectWithAccessLogMembers() throws Exception {
    upstreams.reset();
    int port = FreePorts.next();
    int management = FreePorts.next();
    ServiceProcess gateway =
        ServiceProcess.startMainClass(
            "gateway",
            GatewayApplication.class.getName(),
            Path.of("target", "prod-logs-" + UUID.randomUUID()),
            List.of(
                "--spring.profiles.active=prod",
                "--management.tracing.export.enabled=true",
                "--server.port=" + port,
                "--management.server.port=" + management,
                "--gatehouse.introspection.client-secret=prod-logs-test-secret",
                // The prod profile shares Redis between replicas.
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port(),
                "--gatehouse.cache.l2-key-secret=a-shared-secret-of-enough-length",
                "--gatehouse.upstream.auth-service=" + upstreams.authService.baseUrl(),
                "--gatehouse.upstream.demo-backend=" + upstreams.backend.baseUrl()));
    try {
      gateway.awaitHealthy(
          URI.create("http://127.0.0.1:" + management + "/actuator/health/liveness"),
          Duration.ofMinutes(2));
      HttpResponse<Void> anonymous =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
                      .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> gateway.output().contains("\"trace_id\":\"" + TRACE_ID + "\""));
    } finally {
      gateway.close();
    }

    List<String> lines = JsonConsoleLines.of(gateway.output());
    assertThat(lines).hasSizeGreaterThan(3);
    JsonConsoleLines.assertEveryLineIsEcsJson(lines);
    JsonNode access = JsonConsoleLines.withTraceId(lines, TRACE_ID);
    assertThat(access.path("log").path("logger").asString()).isEqualTo("gatehouse.access");
    assertThat(access.path("client_address").asString()).isEqualTo("127.0.0.1");
    assertThat(access.path("method").asString()).isEqualTo("GET");
    assertThat(access.path("path").asString()).isEqualTo("/api/me");
    assertThat(access.path("route").asString()).isEqualTo("demo-backend");
    assertThat(access.path("status").asString()).isEqualTo("401");
    assertThat(access.path("sid").asString()).isEqualTo("-");
    assertThat(access.has("latency_ms")).isTrue();
    assertThat(access.path("service").path("name").asString()).isEqualTo("gatehouse-gateway");
  }
}
