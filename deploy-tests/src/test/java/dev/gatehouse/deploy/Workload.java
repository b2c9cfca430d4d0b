package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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
}
