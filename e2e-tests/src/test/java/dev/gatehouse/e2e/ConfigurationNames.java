package dev.gatehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration names a module understands, read from its sources: every
 * {@code @ConfigurationProperties} record's prefix and components (kebab-case), every key of its
 * {@code application*.yml}, and every {@code ${PLACEHOLDER}} those files read. The deployment tests
 * check compose's environment variables (Spring Boot's relaxed binding: {@code
 * GATEHOUSE_HEADERS_TRUSTEDPROXIES} is {@code gatehouse.headers.trusted-proxies}) and secret file
 * names against them, so a misspelt setting fails a test instead of being silently ignored.
 */
final class ConfigurationNames {

  private static final Pattern PROPERTIES_RECORD =
      Pattern.compile(
          "@ConfigurationProperties\\(\"([a-z0-9.-]+)\"\\)[^;{]*?record \\w+\\((.*?)\\)\\s*(?:implements[^{]*)?\\{",
          Pattern.DOTALL);
  private static final Pattern ANNOTATION = Pattern.compile("@\\w+(\\([^)]*\\))?");
  private static final Pattern GENERICS = Pattern.compile("<[^<>]*>");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)");

  final Set<String> properties = new TreeSet<>();
  final Set<String> placeholders = new TreeSet<>();

  private ConfigurationNames() {}

  static ConfigurationNames of(String module) {
    ConfigurationNames names = new ConfigurationNames();
    Path main = ComposeFile.REPO.resolve(module).resolve("src/main");
    try (Stream<Path> files = Files.walk(main)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".java")) {
          names.addRecords(Files.readString(file));
        } else if (name.matches("application.*\\.yml")) {
          String text = Files.readString(file);
          // A yml may hold several documents (a profile's section after `---`).
          for (Object document : new Yaml().loadAll(text)) {
            if (document != null) {
              names.addKeys("", ComposeFile.map(document));
            }
          }
          Matcher placeholder = PLACEHOLDER.matcher(text);
          while (placeholder.find()) {
            names.placeholders.add(placeholder.group(1));
          }
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return names;
  }

  /** Whether the environment variable {@code name} sets one of these names. */
  boolean boundBy(String environmentVariable) {
    if (placeholders.contains(environmentVariable)) {
      return true;
    }
    String relaxed = environmentVariable.toLowerCase(Locale.ROOT).replace('_', '.');
    return properties.stream().anyMatch(property -> property.replace("-", "").equals(relaxed));
  }

  private void addRecords(String source) {
    Matcher record = PROPERTIES_RECORD.matcher(source);
    while (record.find()) {
      String components = ANNOTATION.matcher(record.group(2)).replaceAll(" ");
      String previous;
      do {
        previous = components;
        components = GENERICS.matcher(components).replaceAll("");
      } while (!components.equals(previous));
      for (String component : components.split(",")) {
        String[] words = component.strip().split("\\s+");
        String camel = words[words.length - 1];
        properties.add(
            record.group(1) + "." + camel.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
      }
    }
  }

  private void addKeys(String prefix, Object node) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            String name = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
            properties.add(name);
            addKeys(name, value);
          });
    }
  }
}
