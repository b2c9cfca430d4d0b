package dev.gatehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@code docs/configuration.md} is the configuration metadata of the packaged services, rendered:
 * the test names every property that is missing, gone or changed. With {@code
 * -Dgatehouse.regenerate-docs=true} it writes the file instead ({@link
 * ConfigurationReference#REGENERATE}).
 */
class ConfigurationReferenceTests {

  static final List<String> MODULES = PackagedService.MODULES;

  private static final Pattern ROW = Pattern.compile("^\\| `(gatehouse\\.[^`]+)` \\|.*$");

  @Test
  void configurationDocWhenComparedWithTheMetadataThenEveryPropertyMatches() throws IOException {
    Path doc = Path.of(System.getProperty("gatehouse.deploy.configuration-doc", "missing"));
    List<PackagedService> services = MODULES.stream().map(PackagedService::named).toList();
    String expected = ConfigurationReference.render(services);
    if (Boolean.getBoolean("gatehouse.regenerate-docs")) {
      Files.writeString(doc, expected);
    }
    assertThat(doc).as("%s; generate it with %s", doc, ConfigurationReference.REGENERATE).exists();
    String actual = Files.readString(doc);
    Map<String, Map<String, String>> documented = documentedRows(actual);
    Map<String, Map<String, String>> wanted = ConfigurationReference.rows(services);
    for (String module : MODULES) {
      Map<String, String> has = documented.getOrDefault(module, Map.of());
      Map<String, String> should = wanted.get(module);
      TreeSet<String> missing = new TreeSet<>(should.keySet());
      missing.removeAll(has.keySet());
      TreeSet<String> gone = new TreeSet<>(has.keySet());
      gone.removeAll(should.keySet());
      TreeSet<String> changed =
          should.keySet().stream()
              .filter(has::containsKey)
              .filter(name -> !has.get(name).equals(should.get(name)))
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(List.of(missing, gone, changed))
          .as(
              "docs/configuration.md, section %s is stale: not documented %s, no longer a property"
                  + " %s, changed %s. Regenerate: %s",
              module, missing, gone, changed, ConfigurationReference.REGENERATE)
          .allMatch(TreeSet::isEmpty);
    }
    assertThat(actual)
        .as(
            "docs/configuration.md differs from the generated text; regenerate: %s",
            ConfigurationReference.REGENERATE)
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("MODULES")
  void gatehousePropertiesWhenInTheMetadataThenEachHasADescription(String module) {
    List<String> undescribed =
        ConfigurationReference.gatehouseProperties(PackagedService.named(module)).stream()
            .filter(property -> property.description() == null || property.description().isBlank())
            .map(ConfigurationMetadata.Property::name)
            .collect(Collectors.toList());
    assertThat(undescribed)
        .as(
            "%s: give these properties a description (@param in the record's Javadoc, or"
                + " additional-spring-configuration-metadata.json)",
            module)
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @FieldSource("MODULES")
  void applicationYamlWhenSettingAGatehouseKeyThenThePropertyExists(String module) {
    PackagedService service = PackagedService.named(module);
    List<String> unknown =
        service.configuration().keys().stream()
            .filter(key -> key.startsWith("gatehouse."))
            .filter(key -> !service.metadata().has(key))
            .collect(Collectors.toList());
    assertThat(unknown)
        .as(
            "%s's application*.yml sets gatehouse.* keys that no record binds (typo or missing"
                + " metadata)",
            module)
        .isEmpty();
  }

  private static Map<String, Map<String, String>> documentedRows(String markdown) {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    String section = "";
    for (String line : markdown.split("\n")) {
      if (line.startsWith("## ")) {
        section = line.substring(3).trim();
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        rows.computeIfAbsent(section, any -> new LinkedHashMap<>()).put(row.group(1), line);
      }
    }
    return rows;
  }
}
