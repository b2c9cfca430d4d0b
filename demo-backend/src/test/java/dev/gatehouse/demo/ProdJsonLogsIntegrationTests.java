package dev.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.process.ServiceProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
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

    List<String> lines =
        Arrays.stream(backend.output().split("\n")).filter(line -> !line.isBlank()).toList();
    assertThat(lines).hasSizeGreaterThan(2);
    assertThat(lines)
        .allSatisfy(
            line -> {
              JsonNode json = JSON.readTree(line);
              assertThat(json.isObject()).as(line).isTrue();
              assertThat(json.path("@timestamp").asString()).as(line).isNotEmpty();
              assertThat(json.path("log").path("level").asString()).as(line).isNotEmpty();
              assertThat(json.path("message").isString()).as(line).isTrue();
              assertThat(json.path("service").path("name").asString())
                  .as(line)
                  .isEqualTo("demo-backend");
            });
    assertThat(lines)
        .anySatisfy(line -> assertThat(line).contains("Started DemoBackendApplication"));
  }
}
