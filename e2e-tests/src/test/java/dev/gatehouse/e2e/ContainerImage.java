package dev.gatehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the repository's {@code Dockerfile} builds, reproduced without a container engine: its layer
 * extraction ({@code java -Djarmode=tools -jar … extract --layers --launcher}), its {@code COPY
 * --from=build /layers/<layer>/ ./} lines in their order into one application directory, and its
 * {@code ENTRYPOINT} (JVM options and the launcher's main class).
 */
final class ContainerImage {

  static final Path DOCKERFILE = ComposeFile.REPO.resolve("Dockerfile");

  private static final Pattern EXTRACT = Pattern.compile("java -Djarmode=tools [^\\n]*");
  private static final Pattern COPY_LAYER =
      Pattern.compile("COPY --from=build /layers/([a-z-]+)/ \\./");
  private static final Pattern ENTRYPOINT = Pattern.compile("ENTRYPOINT \\[([^\\]]*)]");

  final String dockerfile;

  private ContainerImage(String dockerfile) {
    this.dockerfile = dockerfile;
  }

  static ContainerImage fromDockerfile() {
    try {
      return new ContainerImage(Files.readString(DOCKERFILE));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * The extraction command, continuation lines joined, with the module and destination filled in.
   */
  String extractCommand(String module, Path destination) {
    Matcher matcher = EXTRACT.matcher(dockerfile.replaceAll("\\\\\n\\s*", " "));
    if (!matcher.find()) {
      throw new IllegalStateException("the Dockerfile extracts no layers with jarmode=tools");
    }
    return matcher
        .group()
        .strip()
        .replace("$MODULE", module)
        .replace("/layers", destination.toString());
  }

  /** The layers the runtime stage copies, in the Dockerfile's order. */
  List<String> copiedLayers() {
    List<String> layers = new ArrayList<>();
    Matcher copy = COPY_LAYER.matcher(dockerfile);
    while (copy.find()) {
      layers.add(copy.group(1));
    }
    return layers;
  }

  /** The {@code ENTRYPOINT} array: {@code java}, JVM options, the main class. */
  List<String> entrypoint() {
    Matcher matcher = ENTRYPOINT.matcher(dockerfile);
    if (!matcher.find()) {
      throw new IllegalStateException("the Dockerfile has no exec-form ENTRYPOINT");
    }
    List<String> parts = new ArrayList<>();
    for (String part : matcher.group(1).split(",")) {
      parts.add(part.strip().replaceAll("^\"|\"$", ""));
    }
    return parts;
  }

  String mainClass() {
    List<String> entrypoint = entrypoint();
    return entrypoint.get(entrypoint.size() - 1);
  }

  List<String> jvmOptions() {
    List<String> entrypoint = entrypoint();
    return entrypoint.subList(1, entrypoint.size() - 1);
  }

  /**
   * Runs the extraction on the packaged jar of {@code module} into {@code layers}, then copies the
   * layers like the runtime stage into {@code app}, which it returns.
   */
  Path install(String module, Path layers, Path app) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = extractCommand(module, layers);
    DebianTools.runOrFail(
        ComposeFile.REPO, List.of("bash", "-c", java + command.substring("java".length())));
    for (String layer : copiedLayers()) {
      copyTree(layers.resolve(layer), app);
    }
    return app;
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
