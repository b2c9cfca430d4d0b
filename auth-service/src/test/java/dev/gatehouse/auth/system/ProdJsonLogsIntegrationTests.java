package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.auth.AuthServiceApplication;
import dev.gatehouse.testsupport.logs.JsonConsoleLines;
import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.postgres.TestPostgres;
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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * auth-service in the {@code prod} profile (PostgreSQL, Redis) writes one Elastic Common Schema
 * JSON object per console line, from the first line of the start, and its access log line carries
 * the request's facts as members. The service runs in its own JVM, as logging is set up once per
 * JVM.
 */
class ProdJsonLogsIntegrationTests {

  static final String TRACE_ID = "1af7651916cd43dd8448eb211c80319d";

  @Test
  void consoleWhenProdProfileThenEveryLineIsOneJsonObjectWithAccessLogMembers() throws Exception {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    int port = FreePorts.next();
    ServiceProcess authService;
    try (TestRedis redis = TestRedis.start()) {
      authService =
          ServiceProcess.startMainClass(
              "auth-service",
              AuthServiceApplication.class.getName(),
              Path.of("target", "prod-logs-" + UUID.randomUUID()),
              List.of(
                  "--spring.profiles.active=prod",
                  "--management.tracing.export.enabled=true",
                  "--server.port=" + port,
                  "--spring.datasource.url=" + database.jdbcUrl(),
                  "--spring.datasource.username=" + database.username(),
                  "--spring.datasource.password=" + database.password(),
                  "--spring.data.redis.host=" + redis.host(),
                  "--spring.data.redis.port=" + redis.port(),
                  "--gatehouse.introspection.client-secret=prod-logs-test-secret"));
      try {
        authService.awaitHealthy(
            URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"),
            Duration.ofMinutes(2));
        HttpResponse<String> page =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                        .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> authService.output().contains("\"trace_id\":\"" + TRACE_ID + "\""));
      } finally {
        authService.close();
      }
    }

    List<String> lines = JsonConsoleLines.of(authService.output());
    assertThat(lines).hasSizeGreaterThan(3);
    JsonConsoleLines.assertEveryLineIsEcsJson(lines);
    JsonNode access = JsonConsoleLines.withTraceId(lines, TRACE_ID);
    assertThat(access.path("log").path("logger").asString()).isEqualTo("dev.gatehouse.auth.access");
    assertThat(access.path("method").asString()).isEqualTo("GET");
    assertThat(access.path("path").asString()).isEqualTo("/login");
    assertThat(access.path("status").asInt()).isEqualTo(200);
    assertThat(access.path("client_address").asString()).isEqualTo("127.0.0.1");
    assertThat(access.path("service").path("name").asString()).isEqualTo("auth-service");
  }
}
