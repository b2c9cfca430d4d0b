package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The objects of a kustomize overlay, rendered by {@code kubectl kustomize} (no cluster needed) and
 * parsed into the fabric8 Kubernetes model: an unknown field or kind fails the parse.
 */
final class RenderedManifests {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final List<HasMetadata> objects;

  private RenderedManifests(List<HasMetadata> objects) {
    this.objects = objects;
  }

  /** The overlay named by the system property {@code gatehouse.deploy.kustomize-dir}. */
  static RenderedManifests exampleOverlay() throws IOException, InterruptedException {
    return render(Path.of(System.getProperty("gatehouse.deploy.kustomize-dir", "missing")));
  }

  static RenderedManifests render(Path overlay) throws IOException, InterruptedException {
    if (!Files.isDirectory(overlay)) {
      throw new IllegalStateException("no kustomize directory " + overlay);
    }
    Path output = Files.createTempFile("kustomize", ".yaml");
    try {
      Process kubectl;
      try {
        kubectl =
            new ProcessBuilder("kubectl", "kustomize", overlay.toString())
                .redirectOutput(output.toFile())
                .start();
      } catch (IOException e) {
        throw new IllegalStateException(
            "kubectl not found: install Debian's kubernetes-client (.ci/run does)", e);
      }
      if (!kubectl.waitFor(2, TimeUnit.MINUTES)) {
        kubectl.destroyForcibly();
        throw new IllegalStateException("kubectl kustomize " + overlay + " did not finish");
      }
      String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (kubectl.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + overlay + " failed: " + errors);
      }
      return parse(Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  static RenderedManifests parse(String yaml) {
    List<HasMetadata> parsed = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (!document.isBlank()) {
        parsed.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
      }
    }
    return new RenderedManifests(List.copyOf(parsed));
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> ofKind(Class<T> kind) {
    return objects.stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
  }

  <T extends HasMetadata> T named(Class<T> kind, String name) {
    return ofKind(kind).stream()
        .filter(object -> object.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named " + name));
  }

  /** Whether a selector's matchLabels all appear in {@code labels} (no matchExpressions used). */
  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      throw new AssertionError("matchExpressions are not used by these manifests: " + selector);
    }
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    return labels.entrySet().containsAll(wanted.entrySet());
  }
}
