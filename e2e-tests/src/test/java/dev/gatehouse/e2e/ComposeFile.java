package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's {@code docker-compose.yml} (and other YAML files) as plain maps, with the {@code
 * <<} merges resolved, for the deployment tests to read what an operator's compose runs.
 */
final class ComposeFile {

  static final Path REPO = Path.of(System.getProperty("gatehouse.e2e.repo-dir", ".."));
  static final Map<String, Object> COMPOSE = yaml(REPO.resolve("docker-compose.yml"));

  private ComposeFile() {}

  static List<String> serviceNames() {
    return List.copyOf(map(COMPOSE.get("services")).keySet());
  }

  static Map<String, Object> service(String name) {
    return map(map(COMPOSE.get("services")).get(name));
  }

  /** The healthcheck's {@code test} array: {@code CMD} (exec form) or {@code CMD-SHELL}. */
  static List<String> healthcheck(String service) {
    Object test = path(service(service), "healthcheck", "test");
    assertThat(test).as("%s has a healthcheck", service).isInstanceOf(List.class);
    List<String> command = new ArrayList<>();
    ((List<?>) test).forEach(part -> command.add(String.valueOf(part)));
    return command;
  }

  static Map<String, String> environment(String service) {
    Map<String, String> environment = new LinkedHashMap<>();
    map(service(service).getOrDefault("environment", Map.of()))
        .forEach((name, value) -> environment.put(name, String.valueOf(value)));
    return environment;
  }

  static Object path(Map<String, Object> root, String... keys) {
    Object node = root;
    for (String key : keys) {
      node = map(node).get(key);
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    assertThat(node).isInstanceOf(Map.class);
    return (Map<String, Object>) node;
  }

  static Map<String, Object> yaml(Path file) {
    try {
      return new Yaml().load(Files.readString(file));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
