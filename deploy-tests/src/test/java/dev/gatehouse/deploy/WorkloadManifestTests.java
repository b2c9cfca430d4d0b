package dev.gatehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each Gatehouse container of the example overlay ({@code deploy/kubernetes/overlays/example},
 * rendered by {@code kubectl kustomize}) read with its packaged service's own configuration rules:
 * ports, probe groups, management address, environment names, secret files and the config tree,
 * stop grace.
 */
class WorkloadManifestTests {

  /** Read by the JVM, not by Spring. */
  private static final Set<String> JVM_VARIABLES =
      Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS");

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.deploy.ExampleOverlay#workloads")
  void containerPortsWhenComparedWithTheApplicationThenServerAndManagementPortsMatch(
      Workload workload) {
    assertThat(workload.containerPort("http"))
        .as("%s port http = server.port", workload.name())
        .contains(workload.serverPort());
    if (workload.managementPort() != workload.serverPort()) {
      assertThat(workload.containerPort("management"))
          .as("%s port management = management.server.port", workload.name())
          .contains(workload.managementPort());
    } else {
      assertThat(workload.containerPort("management")).as(workload.name()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.deploy.ExampleOverlay#workloads")
  void probesWhenDeclaredThenBootProbeGroupsOnTheManagementPort(Workload workload) {
    assertThat(workload.resolveText("management.endpoint.health.probes.enabled"))
        .as(
            "%s: management.endpoint.health.probes.enabled (the liveness/readiness groups)",
            workload.name())
        .isEqualTo("true");
    String health = workload.resolveText("management.endpoints.web.base-path") + "/health/";
    Container container = workload.container();
    assertProbe(workload, "readiness", container.getReadinessProbe(), health + "readiness");
    assertProbe(workload, "liveness", container.getLivenessProbe(), health + "liveness");
    if (container.getStartupProbe() != null) {
      assertProbe(workload, "startup", container.getStartupProbe(), health + "liveness");
    }
  }

  private static void assertProbe(Workload workload, String kind, Probe probe, String path) {
    assertThat(probe).as("%s %s probe", workload.name(), kind).isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    assertThat(get).as("%s %s probe is an HTTP GET", workload.name(), kind).isNotNull();
    assertThat(get.getPath()).as("%s %s probe path", workload.name(), kind).isEqualTo(path);
    assertThat(workload.portNumber(get.getPort()))
        .as("%s %s probe port = the management port", workload.name(), kind)
        .isEqualTo(workload.managementPort());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.deploy.ExampleOverlay#workloads")
  void managementPortWhenSeparateThenListensOnThePodButNoServiceExposesIt(Workload workload) {
    int management = workload.managementPort();
    if (management == workload.serverPort()) {
      return;
    }
    Object address = workload.resolve("management.server.address").orElse("0.0.0.0");
    if (address instanceof ApplicationConfiguration.FieldReference reference) {
      assertThat(reference.fieldPath()).as(workload.name()).isEqualTo("status.podIP");
    } else {
      assertThat((String) address)
          .as(
              "%s management.server.address: the kubelet cannot probe a loopback address",
              workload.name())
          .isNotIn("127.0.0.1", "localhost", "::1");
    }
    for (Service service : ExampleOverlay.servicesSelecting(workload)) {
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(workload.portNumber(ExampleOverlay.targetPort(port)))
            .as(
                "Service %s must not expose %s's management port",
                service.getMetadata().getName(), workload.name())
            .isNotEqualTo(management);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.deploy.ExampleOverlay#workloads")
  void environmentWhenSetThenEveryVariableBindsToARealProperty(Workload workload) {
    ConfigurationMetadata metadata = workload.service().metadata();
    Set<String> placeholders = workload.service().configuration().placeholderNames();
    List<String> unknown =
        workload.container().getEnv().stream()
            .map(variable -> variable.getName())
            .filter(name -> !JVM_VARIABLES.contains(name))
            .filter(name -> !placeholders.contains(name))
            .filter(name -> metadata.propertyForEnvironmentVariable(name).isEmpty())
            .collect(Collectors.toList());
    assertThat(unknown)
        .as(
            "%s: environment variables that bind to no property of %s's configuration metadata and"
                + " are no placeholder of its application*.yml",
            workload.name(), workload.service().module())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.deploy.ExampleOverlay#workloads")
  void secretsWhenMountedThenConfigTreeFilesNamedByRealProperties(Workload workload) {
    List<String> configTrees = workload.configTreeDirectories();
    Map<String, List<String>> secretFilesByMount =
        workload.secretFilesByMount(ExampleOverlay.manifests());
    for (Map.Entry<String, List<String>> mount : secretFilesByMount.entrySet()) {
      String directory = Workload.trimSlash(mount.getKey());
      if (configTrees.contains(directory)) {
        List<String> unknown =
            mount.getValue().stream()
                .filter(key -> !workload.service().metadata().has(key))
                .collect(Collectors.toList());
        assertThat(unknown)
            .as(
                "%s: Secret keys in the config tree %s that name no property",
                workload.name(), directory)
            .isEmpty();
      } else {
        // Outside the config tree a secret file is read through a property naming its path.
        Set<Object> values = Set.copyOf(workload.environment().values());
        for (String key : mount.getValue()) {
          assertThat(values)
              .as(
                  "%s: %s/%s is in no config tree %s and no variable names it",
                  workload.name(), directory, key, configTrees)
              .contains(directory + "/" + key);
        }
      }
    }
    if (!secretFilesByMount.isEmpty()) {
      assertThat(secretFilesByMount.keySet().stream().map(Workload::trimSlash))
          .as(
              "%s mounts Secrets: one mount must be the config tree %s",
              workload.name(), configTrees)
          .containsAnyElementsOf(configTrees);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.gatehouse.deploy.ExampleOverlay#workloads")
  void terminationGraceWhenStoppingThenLongerThanPreStopAndGracefulShutdown(Workload workload) {
    assertThat(workload.resolveText("server.shutdown")).as(workload.name()).isEqualTo("graceful");
    Duration drain = workload.resolveDuration("spring.lifecycle.timeout-per-shutdown-phase");
    long preStop = 0;
    Container container = workload.container();
    if (container.getLifecycle() != null && container.getLifecycle().getPreStop() != null) {
      preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
    }
    Long grace =
        workload.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    assertThat(grace)
        .as(
            "%s terminationGracePeriodSeconds > preStop %d s + graceful shutdown %s",
            workload.name(), preStop, drain)
        .isNotNull()
        .isGreaterThan(preStop + drain.toSeconds());
  }
}
