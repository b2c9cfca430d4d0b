package dev.gatehouse.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What a service reads in the {@code prod} profile, the way Spring Boot would: an environment
 * variable (relaxed binding) before {@code application-prod.yml} before {@code application.yml}
 * before the metadata's default, with {@code ${NAME:default}} placeholders resolved against the
 * container's environment and the other properties.
 */
final class ApplicationConfiguration {

  /**
   * The value of an environment variable set from the downward API, unknown before the pod runs.
   */
  record FieldReference(String fieldPath) {}

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Map<String, String> base;
  private final Map<String, String> prod;
  private final ConfigurationMetadata metadata;

  private ApplicationConfiguration(
      Map<String, String> base, Map<String, String> prod, ConfigurationMetadata metadata) {
    this.base = base;
    this.prod = prod;
    this.metadata = metadata;
  }

  static ApplicationConfiguration of(
      @Nullable InputStream applicationYml,
      @Nullable InputStream applicationProdYml,
      ConfigurationMetadata metadata)
      throws IOException {
    return new ApplicationConfiguration(
        flatten(applicationYml), flatten(applicationProdYml), metadata);
  }

  /** Every key of application.yml and application-prod.yml, list indexes removed. */
  Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    for (String key : concat(base.keySet(), prod.keySet())) {
      keys.add(key.replaceAll("\\[\\d+]", ""));
    }
    return keys;
  }

  /** The value {@code application.yml} writes for a key, placeholders left as written. */
  Optional<String> written(String key) {
    return Optional.ofNullable(base.get(key));
  }

  /** The value {@code application-prod.yml} writes for a key, placeholders left as written. */
  Optional<String> writtenForProd(String key) {
    return Optional.ofNullable(prod.get(key));
  }

  /** Names used as {@code ${NAME...}} placeholders in the application files, e.g. {@code PORT}. */
  Set<String> placeholderNames() {
    Set<String> names = new LinkedHashSet<>();
    for (String value : concat(base.values(), prod.values())) {
      Matcher matcher = PLACEHOLDER.matcher(value);
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  /**
   * The value the service binds for {@code property} in a container with {@code environment}
   * (values are {@link String} or {@link FieldReference}); a placeholder that resolves to a field
   * reference gives that reference.
   */
  Optional<Object> resolve(String property, Map<String, Object> environment) {
    return Optional.ofNullable(resolve(property, environment, 0));
  }

  private @Nullable Object resolve(String property, Map<String, Object> environment, int depth) {
    Object raw = fromEnvironment(property, environment);
    if (raw == null) {
      raw = prod.containsKey(property) ? prod.get(property) : base.get(property);
    }
    if (raw == null) {
      raw =
          metadata
              .property(property)
              .map(ConfigurationMetadata.Property::defaultValue)
              .orElse(null);
    }
    return raw instanceof String text ? expand(text, environment, depth) : raw;
  }

  private @Nullable Object fromEnvironment(String property, Map<String, Object> environment) {
    ConfigurationMetadata.Property form =
        new ConfigurationMetadata.Property(property, "java.lang.String", null, null);
    Object value = environment.get(form.environmentVariable());
    return value != null ? value : environment.get(form.legacyEnvironmentVariable());
  }

  private @Nullable Object expand(String text, Map<String, Object> environment, int depth) {
    if (depth > 10) {
      throw new IllegalStateException("placeholders nested too deep in " + text);
    }
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder expanded = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      Object value = environment.get(name);
      if (value == null && name.equals(name.toLowerCase())) {
        value = resolve(name, environment, depth + 1);
      }
      if (value == null) {
        value = matcher.group(2);
      }
      if (value instanceof FieldReference reference) {
        // A whole-value placeholder such as ${MANAGEMENT_ADDRESS:127.0.0.1} set from the pod IP.
        return reference;
      }
      if (value == null) {
        throw new IllegalStateException(
            "unresolvable placeholder " + matcher.group() + " in " + text);
      }
      matcher.appendReplacement(expanded, Matcher.quoteReplacement(value.toString()));
    }
    matcher.appendTail(expanded);
    return expanded.toString();
  }

  private static Map<String, String> flatten(@Nullable InputStream yaml) throws IOException {
    Map<String, String> flat = new LinkedHashMap<>();
    if (yaml == null) {
      return flat;
    }
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      for (JsonNode document : documents.readAll()) {
        // Profile-activated documents inside one file are not used by the services.
        if (!document.path("spring").path("config").has("activate")) {
          flatten("", document, flat);
        }
      }
    }
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              entry ->
                  flatten(
                      prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey(),
                      entry.getValue(),
                      into));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + "[" + i + "]", node.get(i), into);
      }
      // Boot also binds a list written as one comma-separated value.
      if (node.size() > 0 && node.get(0).isValueNode()) {
        StringBuilder joined = new StringBuilder();
        node.forEach(
            item -> joined.append(joined.length() == 0 ? "" : ",").append(item.asString()));
        into.put(prefix, joined.toString());
      }
    } else if (!node.isNull()) {
      into.put(prefix, node.asString());
    }
  }

  private static List<String> concat(
      java.util.Collection<String> first, java.util.Collection<String> second) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
