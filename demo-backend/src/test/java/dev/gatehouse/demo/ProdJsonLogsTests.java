package dev.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code prod} profile's console: one Elastic Common Schema JSON object per line, from the
 * first line of the start, named after the service; what a log shipper reads from the container.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProdJsonLogsTests {

  static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void consoleWhenProdProfileThenEveryLineIsOneJsonObject(CapturedOutput output) {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(DemoBackendApplication.class)
            .profiles("prod")
            .run("--server.port=0", "--logging.level.org.springframework.boot=INFO")) {
      assertThat(context.isRunning()).isTrue();
    }

    List<String> lines =
        Arrays.stream(output.getOut().split("\n")).filter(line -> !line.isBlank()).toList();
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
  }
}
