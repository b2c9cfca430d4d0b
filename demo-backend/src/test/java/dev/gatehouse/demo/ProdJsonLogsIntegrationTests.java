package dev.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.logs.JsonConsoleLines;
import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.process.ServiceProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code prod} profile's console: one Elastic Common Schema JSON object per line, from the
 * first line of the start to the last of the graceful shutdown, named after the service; what a log
 * shipper reads from the container. The backend runs in its own JVM, as logging is set up once per
 * JVM.
 */
class ProdJsonLogsIntegrationTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void consoleWhenProdProfileThenEveryLineIsOneJsonObject() {
    int port = FreePorts.next();
    ServiceProcess backend =
        ServiceProcess.startMainClass(
            "demo-backend",
            DemoBackendApplication.class.getName(),
            Path.of("target", "prod-logs-" + UUID.randomUUID()),
            List.of("--spring.profiles.active=prod", "--server.port=" + port));
    try {
      backend.awaitHealthy(
          URI.create("http://127.0.0.1:" + port + "/actuator/health"), Duration.ofMinutes(2));
    } finally {
      backend.close();
    }

    List<String> lines = JsonConsoleLines.of(backend.output());
    assertThat(lines).hasSizeGreaterThan(2);
    JsonConsoleLines.assertEveryLineIsEcsJson(lines);
    assertThat(lines)
        .allSatisfy(
            line ->
                assertThat(JSON.readTree(line).path("service").path("name").asString())
                    .as(line)
                    .isEqualTo("demo-backend"));
    assertThat(lines)
        .anySatisfy(line -> assertThat(line).contains("Started DemoBackendApplication"));
  }
}
