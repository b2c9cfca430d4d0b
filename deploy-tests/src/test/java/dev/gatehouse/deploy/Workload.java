package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One Gatehouse container of a rendered Deployment together with the packaged service its image
 * runs, so that the manifest can be read with the service's own configuration rules.
 */
record Workload(Deployment deployment, Container container, PackagedService service) {

  String name() {
    return deployment.getMetadata().getName() + "/" + container.getName();
  }

  Map<String, String> podLabels() {
    return deployment.getSpec().getTemplate().getMetadata().getLabels();
  }

  /** The container's environment: literal values, or a reference for valueFrom. */
  Map<String, Object> environment() {
    Map<String, Object> environment = new LinkedHashMap<>();
    for (EnvVar variable : container.getEnv()) {
      if (variable.getValueFrom() == null) {
        environment.put(variable.getName(), variable.getValue() == null ? "" : variable.getValue());
      } else if (variable.getValueFrom().getFieldRef() != null) {
        environment.put(
            variable.getName(),
            new ApplicationConfiguration.FieldReference(
                variable.getValueFrom().getFieldRef().getFieldPath()));
      } else {
        environment.put(
            variable.getName(), new ApplicationConfiguration.FieldReference("valueFrom"));
      }
    }
    return environment;
  }

  Optional<Object> resolve(String property) {
    return service.configuration().resolve(property, environment());
  }

  String resolveText(String property) {
    Object value =
        resolve(property)
            .orElseThrow(() -> new AssertionError(name() + ": " + property + " has no value"));
    if (!(value instanceof String text)) {
      throw new AssertionError(name() + ": " + property + " is " + value + ", not a literal");
    }
    return text;
  }

  int serverPort() {
    return Integer.parseInt(resolveText("server.port"));
  }

  /** Boot's management port: {@code management.server.port}, or the server port when unset. */
  int managementPort() {
    return resolve("management.server.port")
        .map(value -> Integer.parseInt((String) value))
        .orElse(serverPort());
  }

  Optional<Integer> containerPort(String portName) {
    return container.getPorts().stream()
        .filter(port -> portName.equals(port.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst();
  }

  /** A port as a probe, Service or NetworkPolicy writes it: a number or a container port name. */
  int portNumber(IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return containerPort(port.getStrVal())
        .orElseThrow(() -> new AssertionError(name() + " has no port named " + port.getStrVal()));
  }

  /**
   * {@code configtree:} locations of the service's spring.config.import, without trailing slash.
   */
  List<String> configTreeDirectories() {
    String imports = (String) resolve("spring.config.import").orElse("");
    List<String> directories = new ArrayList<>();
    for (String location : imports.split(",")) {
      String trimmed = location.trim().replaceFirst("^optional:", "");
      if (trimmed.startsWith("configtree:")) {
        directories.add(trimSlash(trimmed.substring("configtree:".length())));
      }
    }
    return directories;
  }

  /** Mount path to the file names of the Secrets mounted there (whole Secrets or their items). */
  Map<String, List<String>> secretFilesByMount(RenderedManifests manifests) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Map<String, List<String>> files = new LinkedHashMap<>();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume = volume(pod, mount.getName());
      List<String> keys = new ArrayList<>();
      if (volume.getSecret() != null) {
        keys.addAll(secretKeys(manifests, volume.getSecret().getSecretName()));
      }
      if (volume.getProjected() != null) {
        for (VolumeProjection source : volume.getProjected().getSources()) {
          if (source.getSecret() != null) {
            keys.addAll(
                source.getSecret().getItems().isEmpty()
                    ? secretKeys(manifests, source.getSecret().getName())
                    : source.getSecret().getItems().stream()
                        .map(item -> item.getPath())
                        .collect(Collectors.toList()));
          }
        }
      }
      if (!keys.isEmpty()) {
        files.put(mount.getMountPath(), keys);
      }
    }
    return files;
  }

  private static List<String> secretKeys(RenderedManifests manifests, String name) {
    Secret secret =
        manifests.ofKind(Secret.class).stream()
            .filter(candidate -> candidate.getMetadata().getName().equals(name))
            .findFirst()
            .orElseThrow(
                () -> new AssertionError("Secret " + name + " is mounted but not in the overlay"));
    List<String> keys = new ArrayList<>(secret.getData().keySet());
    keys.addAll(secret.getStringData().keySet());
    return keys;
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(volume -> volume.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  static String trimSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** A duration property in Boot's simple format (30s, 1m, 500ms) or ISO-8601. */
  Duration resolveDuration(String property) {
    String text = resolveText(property);
    Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(text.trim());
    if (!matcher.matches()) {
      return Duration.parse(text);
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }
}
