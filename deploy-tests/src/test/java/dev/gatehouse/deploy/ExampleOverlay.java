package dev.gatehouse.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Named;

/** The example overlay, rendered once per test JVM, and the Gatehouse workloads in it. */
final class ExampleOverlay {

  private static @Nullable RenderedManifests manifests;

  private ExampleOverlay() {}

  static synchronized RenderedManifests manifests() {
    if (manifests == null) {
      try {
        manifests = RenderedManifests.exampleOverlay();
      } catch (IOException e) {
        throw new IllegalStateException("cannot render the example overlay", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while rendering the example overlay", e);
      }
    }
    return manifests;
  }

  /** Every container running a Gatehouse image, named for the test report. */
  static Stream<Named<Workload>> workloads() {
    List<Named<Workload>> workloads = new ArrayList<>();
    for (Deployment deployment : manifests().ofKind(Deployment.class)) {
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        PackagedService service = PackagedService.forImage(container.getImage());
        if (service != null) {
          Workload workload = new Workload(deployment, container, service);
          workloads.add(Named.of(workload.name(), workload));
        }
      }
    }
    return workloads.stream();
  }

  static Workload workload(String deployment) {
    return workloads()
        .map(Named::getPayload)
        .filter(workload -> workload.deployment().getMetadata().getName().equals(deployment))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + deployment));
  }

  static List<String> names(Class<? extends HasMetadata> kind) {
    return ExampleOverlay.manifests().ofKind(kind).stream()
        .map(object -> object.getMetadata().getName())
        .collect(Collectors.toList());
  }

  static List<Service> servicesSelecting(Workload workload) {
    return ExampleOverlay.manifests().ofKind(Service.class).stream()
        .filter(service -> selectsPods(service, workload))
        .collect(Collectors.toList());
  }

  static boolean selectsPods(Service service, Workload workload) {
    Map<String, String> selector = service.getSpec().getSelector();
    return selector != null
        && !selector.isEmpty()
        && workload.podLabels().entrySet().containsAll(selector.entrySet());
  }

  static IntOrString targetPort(ServicePort port) {
    return port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
  }
}
