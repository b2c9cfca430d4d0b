package dev.gatehouse.testsupport.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A service's console output read as structured logging: the non-blank lines, each of which must be
 * one Elastic Common Schema JSON object with a {@code @timestamp}, a {@code log.level} and a string
 * {@code message}. What a log shipper reads from a container's standard output.
 */
public final class JsonConsoleLines {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonConsoleLines() {}

  /** The non-blank lines of {@code output}, in order. */
  public static List<String> of(String output) {
    return Arrays.stream(output.split("\n")).filter(line -> !line.isBlank()).toList();
  }

  /**
   * Asserts that every line is one ECS JSON object with a non-empty {@code @timestamp} and {@code
   * log.level} and a string {@code message}.
   */
  public static void assertEveryLineIsEcsJson(List<String> lines) {
    assertThat(lines)
        .allSatisfy(
            line -> {
              JsonNode json = JSON.readTree(line);
              assertThat(json.isObject()).as(line).isTrue();
              assertThat(json.path("@timestamp").asString()).as(line).isNotEmpty();
              assertThat(json.path("log").path("level").asString()).as(line).isNotEmpty();
              assertThat(json.path("message").isString()).as(line).isTrue();
            });
  }

  /** The first line whose {@code trace_id} member is {@code traceId}, parsed. */
  public static JsonNode withTraceId(List<String> lines, String traceId) {
    return lines.stream()
        .map(JSON::readTree)
        .filter(json -> traceId.equals(json.path("trace_id").asString()))
        .findFirst()
        .orElseThrow();
  }
}
