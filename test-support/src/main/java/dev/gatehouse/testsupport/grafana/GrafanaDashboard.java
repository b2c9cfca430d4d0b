package dev.gatehouse.testsupport.grafana;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docs/grafana/gatehouse.json}, reduced to what a test checks: the metric names its PromQL
 * queries select, by the job variable the selector names ({@code $gateway} or {@code $auth}), so
 * each service's tests can compare them with that service's own scrape.
 */
public final class GrafanaDashboard {

  /** {@code name{...}}: a metric selector with labels, as every dashboard query writes it. */
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)\\}");

  /** {@code label_values(name, job)}: a template variable's query. */
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

  private final Map<String, Object> json;

  private GrafanaDashboard(Map<String, Object> json) {
    this.json = json;
  }

  /** The dashboard of the repository this build runs in. */
  public static GrafanaDashboard shipped() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("docs/grafana/gatehouse.json");
      if (Files.isRegularFile(file)) {
        try {
          return new GrafanaDashboard(
              JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (ParseException e) {
          throw new IllegalStateException(file + " is not JSON: " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalStateException("docs/grafana/gatehouse.json not found above the build");
  }

  /** Every PromQL expression: panel targets and template-variable queries. */
  public List<String> queries() {
    List<String> found = new ArrayList<>();
    collect(json, found);
    return found;
  }

  /**
   * The metric names selected by queries on job variable {@code variable} (without the {@code $}),
   * including the variable's own {@code label_values} query.
   */
  public Set<String> metricsOf(String variable) {
    Set<String> names = new TreeSet<>();
    for (String query : queries()) {
      Matcher selector = SELECTOR.matcher(query);
      while (selector.find()) {
        if (selector.group(2).contains("$" + variable + "\"")) {
          names.add(selector.group(1));
        }
      }
    }
    for (Object entry : templating()) {
      if (entry instanceof Map<?, ?> template && variable.equals(template.get("name"))) {
        Matcher values = LABEL_VALUES.matcher(String.valueOf(template.get("definition")));
        if (values.find()) {
          names.add(values.group(1));
        }
      }
    }
    return names;
  }

  private List<?> templating() {
    Object templating = json.get("templating");
    if (templating instanceof Map<?, ?> map && map.get("list") instanceof List<?> list) {
      return list;
    }
    return List.of();
  }

  private static void collect(Object node, List<String> found) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (Set.of("expr", "definition").contains(String.valueOf(entry.getKey()))
            && entry.getValue() instanceof String query) {
          found.add(query);
        } else {
          collect(entry.getValue(), found);
        }
      }
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collect(item, found));
    }
  }
}
