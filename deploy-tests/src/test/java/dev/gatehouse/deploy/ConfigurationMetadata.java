package dev.gatehouse.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The properties a service can bind, from the {@code META-INF/spring-configuration-metadata.json}
 * files that spring-boot-configuration-processor writes: the service's own ({@link #own()}) and
 * those of every library in its jar ({@code spring.*}, {@code management.*}, ...).
 */
final class ConfigurationMetadata {

  /** One property as the metadata describes it. */
  record Property(
      String name, String type, @Nullable String defaultValue, @Nullable String description) {

    boolean isMap() {
      return type.startsWith("java.util.Map");
    }

    /** Spring Boot's environment-variable form: dots to underscores, dashes removed, upper case. */
    String environmentVariable() {
      return name.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
    }

    /** The legacy form Boot still accepts: dashes to underscores as well. */
    String legacyEnvironmentVariable() {
      return name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
  }

  private static final JsonMapper JSON = new JsonMapper();

  private final Map<String, Property> own;
  private final Map<String, Property> all;

  private ConfigurationMetadata(Map<String, Property> own, Map<String, Property> all) {
    this.own = own;
    this.all = all;
  }

  static ConfigurationMetadata of(List<InputStream> ownFiles, List<InputStream> libraryFiles)
      throws IOException {
    Map<String, Property> own = new LinkedHashMap<>();
    for (InputStream file : ownFiles) {
      read(file, own);
    }
    Map<String, Property> all = new LinkedHashMap<>();
    for (InputStream file : libraryFiles) {
      read(file, all);
    }
    all.putAll(own);
    return new ConfigurationMetadata(own, all);
  }

  /** The service's own properties (its records and its additional metadata), sorted by name. */
  List<Property> own() {
    return own.values().stream()
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .collect(Collectors.toList());
  }

  boolean has(String name) {
    return all.containsKey(name);
  }

  Optional<Property> property(String name) {
    return Optional.ofNullable(all.get(name));
  }

  /**
   * The property an environment variable binds to under Boot's relaxed rules, if any: the variable
   * is a property's environment form, or starts with that of a map-typed property.
   */
  Optional<Property> propertyForEnvironmentVariable(String variable) {
    Collection<Property> properties = all.values();
    for (Property property : properties) {
      if (variable.equals(property.environmentVariable())
          || variable.equals(property.legacyEnvironmentVariable())) {
        return Optional.of(property);
      }
    }
    return properties.stream()
        .filter(Property::isMap)
        .filter(property -> variable.startsWith(property.environmentVariable() + "_"))
        .findFirst();
  }

  /**
   * Reads one metadata file. A name bound by two records (auth-service reads the introspection
   * secret twice) keeps the longer description.
   */
  private static void read(InputStream file, Map<String, Property> into) throws IOException {
    JsonNode root = JSON.readTree(file);
    JsonNode properties = root.path("properties");
    List<Property> read = new ArrayList<>();
    for (JsonNode node : properties) {
      read.add(
          new Property(
              node.path("name").asString(),
              node.path("type").asString("java.lang.String"),
              defaultValue(node.get("defaultValue")),
              node.hasNonNull("description") ? node.get("description").asString() : null));
    }
    for (Property property : read) {
      into.merge(property.name(), property, ConfigurationMetadata::longerDescription);
    }
  }

  private static Property longerDescription(Property a, Property b) {
    int lengthA = a.description() == null ? 0 : a.description().length();
    int lengthB = b.description() == null ? 0 : b.description().length();
    return lengthB > lengthA ? b : a;
  }

  private static @Nullable String defaultValue(@Nullable JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isArray()) {
      return StreamSupport.stream(node.spliterator(), false)
          .map(JsonNode::asText)
          .collect(Collectors.joining(","));
    }
    return node.asString();
  }
}
