package dev.gatehouse.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code docs/configuration.md}: every {@code gatehouse.*} property of each service, from the
 * service's own configuration metadata (the Javadoc of its {@code @ConfigurationProperties} records
 * and its additional metadata), as one Markdown table per service.
 */
final class ConfigurationReference {

  static final String REGENERATE =
      "./mvnw -B -ntp -pl deploy-tests -am verify -DskipTests -Dgatehouse.regenerate-docs=true";

  private ConfigurationReference() {}

  /** The table rows of each service, keyed by property name, in document order. */
  static Map<String, Map<String, String>> rows(List<PackagedService> services) {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    for (PackagedService service : services) {
      Map<String, String> serviceRows = new LinkedHashMap<>();
      for (ConfigurationMetadata.Property property : gatehouseProperties(service)) {
        serviceRows.put(property.name(), row(property, service.configuration()));
      }
      rows.put(service.module(), serviceRows);
    }
    return rows;
  }

  static List<ConfigurationMetadata.Property> gatehouseProperties(PackagedService service) {
    return service.metadata().own().stream()
        .filter(property -> property.name().startsWith("gatehouse."))
        .collect(Collectors.toList());
  }

  static String render(List<PackagedService> services) {
    StringBuilder markdown = new StringBuilder();
    markdown
        .append("# Configuration reference\n\n")
        .append(
            "<!-- Generated from the services' configuration metadata: do not edit. Regenerate"
                + " with\n     ")
        .append(REGENERATE)
        .append(
            "\n     ConfigurationReferenceTests fails when this file and the metadata disagree."
                + " -->\n\n")
        .append(
            "Every `gatehouse.*` setting of the three services, generated from their"
                + " configuration metadata (the\nJavadoc of each `@ConfigurationProperties` record)."
                + " A property can be set in `application.yml`, as\nan environment variable (dots to"
                + " underscores, dashes removed, upper case: the second column) or,\nin the `prod`"
                + " profile of auth-service and the gateway, as a file named like the property in\n"
                + "`/run/secrets/` (Spring Boot's `configtree:`; `GATEHOUSE_SECRETS_DIR` moves it)."
                + " Spring Boot's own\nsettings (`server.*`, `spring.*`, `management.*`) are in its"
                + " reference documentation.\n\n"
                + "*Default* is what the service runs with when nothing is set (its `application.yml`,"
                + " else the record's\ndefault); *`prod` profile* is what `application-prod.yml`"
                + " sets instead.\n");
    for (Map.Entry<String, Map<String, String>> service : rows(services).entrySet()) {
      markdown
          .append("\n## ")
          .append(service.getKey())
          .append("\n\n")
          .append(
              "| Property | Environment variable | Type | Default | `prod` profile | Description |\n")
          .append("| --- | --- | --- | --- | --- | --- |\n");
      service.getValue().values().forEach(row -> markdown.append(row).append('\n'));
    }
    return markdown.toString();
  }

  /**
   * One row. The default is what the service's {@code application.yml} writes, else the record's
   * default; the {@code prod} column is what {@code application-prod.yml} writes.
   */
  private static String row(
      ConfigurationMetadata.Property property, ApplicationConfiguration configuration) {
    String defaultValue = configuration.written(property.name()).orElse(property.defaultValue());
    String prod = configuration.writtenForProd(property.name()).orElse(null);
    return "| `"
        + property.name()
        + "` | `"
        + property.environmentVariable()
        + "` | "
        + type(property.type())
        + " | "
        + code(defaultValue)
        + " | "
        + code(prod)
        + " | "
        + description(property.description())
        + " |";
  }

  /** {@code java.util.List<java.lang.String>} to List&lt;String&gt;, a nested enum to its name. */
  private static String type(String type) {
    String simple = type.replaceAll("[a-z][\\w]*\\.", "").replaceAll("\\w+\\$", "");
    return simple.replace("<", "&lt;").replace(">", "&gt;");
  }

  static String description(@Nullable String javadoc) {
    if (javadoc == null || javadoc.isBlank()) {
      return "";
    }
    String text =
        javadoc
            .replaceAll("\\{@(?:code|literal)\\s+([^}]*)}", "`$1`")
            .replaceAll("\\{@link(?:plain)?\\s+(?:[\\w.]*#)?([^}\\s]*)[^}]*}", "`$1`")
            .replaceAll("<[^>]+>", "")
            .replaceAll("\\s+", " ")
            .trim();
    return cell(text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1));
  }

  private static String code(@Nullable String value) {
    return value == null || value.isEmpty() ? "" : "`" + cell(value) + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
