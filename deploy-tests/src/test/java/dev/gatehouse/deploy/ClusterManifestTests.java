package dev.gatehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example overlay as a whole: every part present and well-formed, every container locked down,
 * NetworkPolicies that let only the gateway reach auth-service and demo-backend, the gateway's
 * autoscaler and disruption budget, Services and the Ingress wired to the right pods and ports,
 * PostgreSQL and Redis left to the platform.
 */
class ClusterManifestTests {

  @Test
  void overlayWhenRenderedThenHoldsEveryPartOfTheDeployment() {
    assertThat(ExampleOverlay.names(Deployment.class))
        .containsExactlyInAnyOrder("gateway", "auth-service", "demo-backend");
    assertThat(ExampleOverlay.names(Service.class))
        .contains("gateway", "auth-service", "demo-backend", "postgres", "redis");
    assertThat(ExampleOverlay.names(HorizontalPodAutoscaler.class)).contains("gateway");
    assertThat(ExampleOverlay.names(PodDisruptionBudget.class)).contains("gateway");
    assertThat(ExampleOverlay.names(NetworkPolicy.class)).contains("auth-service");
    assertThat(ExampleOverlay.manifests().ofKind(Ingress.class)).isNotEmpty();
    assertThat(ExampleOverlay.workloads())
        .extracting(named -> named.getPayload().service().module())
        .containsExactlyInAnyOrderElementsOf(PackagedService.MODULES);
  }

  @Test
  void overlayWhenParsedThenNoObjectHasFieldsTheKubernetesModelDoesNotKnow() {
    Map<String, List<String>> unknown = new LinkedHashMap<>();
    for (HasMetadata object : ExampleOverlay.manifests().all()) {
      List<String> fields = UnknownFields.in(object);
      if (!fields.isEmpty()) {
        unknown.put(object.getKind() + "/" + object.getMetadata().getName(), fields);
      }
    }
    assertThat(unknown).as("misspelt or misplaced fields").isEmpty();
  }

  @Test
  void securityContextWhenAnyContainerThenNonRootWithReadOnlyRootFilesystemAndTmpVolume() {
    for (Deployment deployment : ExampleOverlay.manifests().ofKind(Deployment.class)) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      List<Container> containers = new ArrayList<>(pod.getContainers());
      containers.addAll(pod.getInitContainers());
      for (Container container : containers) {
        String name = deployment.getMetadata().getName() + "/" + container.getName();
        SecurityContext context =
            Objects.requireNonNullElse(container.getSecurityContext(), new SecurityContext());
        PodSecurityContext podContext =
            Objects.requireNonNullElse(pod.getSecurityContext(), new PodSecurityContext());
        assertThat(
                context.getRunAsNonRoot() != null
                    ? context.getRunAsNonRoot()
                    : podContext.getRunAsNonRoot())
            .as("%s runAsNonRoot", name)
            .isTrue();
        Long user =
            context.getRunAsUser() != null ? context.getRunAsUser() : podContext.getRunAsUser();
        assertThat(user).as("%s runAsUser", name).isNotNull().isNotZero();
        assertThat(context.getReadOnlyRootFilesystem())
            .as("%s readOnlyRootFilesystem", name)
            .isTrue();
        assertThat(context.getAllowPrivilegeEscalation())
            .as("%s allowPrivilegeEscalation", name)
            .isFalse();
        assertThat(context.getCapabilities().getDrop()).as("%s capabilities", name).contains("ALL");
        String tmpVolume =
            container.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals("/tmp"))
                .map(VolumeMount::getName)
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no writable /tmp"));
        assertThat(Workload.volume(pod, tmpVolume).getEmptyDir())
            .as("%s /tmp is an emptyDir", name)
            .isNotNull();
        assertThat(container.getResources().getRequests())
            .as("%s requests", name)
            .containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits())
            .as("%s limits", name)
            .containsKey("memory");
      }
    }
  }

  @ParameterizedTest(name = "only gateway pods reach {0}''s server port")
  @ValueSource(strings = {"auth-service", "demo-backend"})
  void networkPolicyWhenGatewayOnlyServiceThenOnlyGatewayPodsReachItsServerPort(
      String deploymentName) {
    Workload target = ExampleOverlay.workload(deploymentName);
    Map<String, String> gatewayLabels = ExampleOverlay.workload("gateway").podLabels();
    List<NetworkPolicy> policies =
        ExampleOverlay.manifests().ofKind(NetworkPolicy.class).stream()
            .filter(
                policy ->
                    RenderedManifests.selects(
                        policy.getSpec().getPodSelector(), target.podLabels()))
            .collect(Collectors.toList());
    assertThat(policies).as("NetworkPolicies selecting %s's pods", deploymentName).isNotEmpty();
    boolean gatewayAllowed = false;
    for (NetworkPolicy policy : policies) {
      assertThat(policy.getSpec().getPolicyTypes()).contains("Ingress");
      for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
        if (!coversPort(target, rule, target.serverPort())) {
          continue;
        }
        assertThat(rule.getFrom())
            .as(
                "%s: a rule for port %d without 'from' admits everyone",
                policy.getMetadata().getName(), target.serverPort())
            .isNotEmpty();
        for (NetworkPolicyPeer peer : rule.getFrom()) {
          assertThat(peer.getNamespaceSelector())
              .as("%s: no namespaceSelector for the server port", policy.getMetadata().getName())
              .isNull();
          assertThat(peer.getIpBlock())
              .as("%s: no ipBlock for the server port", policy.getMetadata().getName())
              .isNull();
          assertThat(peer.getPodSelector()).isNotNull();
          assertThat(RenderedManifests.selects(peer.getPodSelector(), gatewayLabels))
              .as(
                  "%s: peer %s must select the gateway pods",
                  policy.getMetadata().getName(), peer.getPodSelector())
              .isTrue();
          for (Deployment other : ExampleOverlay.manifests().ofKind(Deployment.class)) {
            if (!other.getMetadata().getName().equals("gateway")) {
              assertThat(
                      RenderedManifests.selects(
                          peer.getPodSelector(),
                          other.getSpec().getTemplate().getMetadata().getLabels()))
                  .as(
                      "%s: peer %s also admits %s",
                      policy.getMetadata().getName(),
                      peer.getPodSelector(),
                      other.getMetadata().getName())
                  .isFalse();
            }
          }
          gatewayAllowed = true;
        }
      }
    }
    assertThat(gatewayAllowed).as("some rule lets the gateway reach %s", deploymentName).isTrue();
  }

  @Test
  void autoscalingWhenGatewayThenHpaAndPdbTargetTheGatewayDeployment() {
    Deployment gateway = ExampleOverlay.manifests().named(Deployment.class, "gateway");
    Map<String, String> labels = gateway.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(gateway.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    HorizontalPodAutoscaler hpa =
        ExampleOverlay.manifests().named(HorizontalPodAutoscaler.class, "gateway");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
    assertThat(hpa.getSpec().getScaleTargetRef().getName())
        .isEqualTo(gateway.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
    List<PodDisruptionBudget> budgets =
        ExampleOverlay.manifests().ofKind(PodDisruptionBudget.class).stream()
            .filter(pdb -> RenderedManifests.selects(pdb.getSpec().getSelector(), labels))
            .collect(Collectors.toList());
    assertThat(budgets).as("one PodDisruptionBudget selects the gateway pods").hasSize(1);
    PodDisruptionBudget budget = budgets.get(0);
    for (Deployment other : ExampleOverlay.manifests().ofKind(Deployment.class)) {
      if (other != gateway) {
        assertThat(
                RenderedManifests.selects(
                    budget.getSpec().getSelector(),
                    other.getSpec().getTemplate().getMetadata().getLabels()))
            .as("the gateway's budget also selects %s", other.getMetadata().getName())
            .isFalse();
      }
    }
    // A node drain must stay possible: at least one of the minimum replicas may go.
    assertThat(budget.getSpec().getMinAvailable().getIntVal())
        .isNotNull()
        .isPositive()
        .isLessThan(hpa.getSpec().getMinReplicas());
  }

  @Test
  void servicesWhenSelectingPodsThenEachMatchesOneDeploymentAndItsNamedPorts() {
    for (Service service : ExampleOverlay.manifests().ofKind(Service.class)) {
      if ("ExternalName".equals(service.getSpec().getType())) {
        continue;
      }
      List<Workload> selected =
          ExampleOverlay.workloads()
              .map(Named::getPayload)
              .filter(workload -> ExampleOverlay.selectsPods(service, workload))
              .collect(Collectors.toList());
      assertThat(selected)
          .as("Service %s selects one Deployment", service.getMetadata().getName())
          .hasSize(1);
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(selected.get(0).portNumber(ExampleOverlay.targetPort(port)))
            .isEqualTo(selected.get(0).serverPort());
      }
    }
  }

  @Test
  void ingressWhenRoutingThenTlsToTheGatewayServiceHttpPortBehindTrustedProxies() {
    Workload gateway = ExampleOverlay.workload("gateway");
    Service service = ExampleOverlay.manifests().named(Service.class, "gateway");
    for (Ingress ingress : ExampleOverlay.manifests().ofKind(Ingress.class)) {
      assertThat(ingress.getSpec().getTls())
          .as("Ingress %s terminates TLS", ingress.getMetadata().getName())
          .isNotEmpty();
      Set<String> tlsHosts =
          ingress.getSpec().getTls().stream()
              .flatMap(tls -> tls.getHosts().stream())
              .collect(Collectors.toSet());
      ingress
          .getSpec()
          .getRules()
          .forEach(
              rule -> {
                assertThat(tlsHosts).contains(rule.getHost());
                rule.getHttp()
                    .getPaths()
                    .forEach(
                        path -> {
                          IngressBackend backend = path.getBackend();
                          assertThat(backend.getService().getName())
                              .isEqualTo(service.getMetadata().getName());
                          ServicePort port =
                              service.getSpec().getPorts().stream()
                                  .filter(
                                      candidate ->
                                          candidate
                                                  .getName()
                                                  .equals(backend.getService().getPort().getName())
                                              || Objects.equals(
                                                  candidate.getPort(),
                                                  backend.getService().getPort().getNumber()))
                                  .findFirst()
                                  .orElseThrow(
                                      () ->
                                          new AssertionError(
                                              "Ingress port not in Service gateway"));
                          assertThat(gateway.portNumber(ExampleOverlay.targetPort(port)))
                              .isEqualTo(gateway.serverPort());
                        });
              });
    }
    // Behind the controller the gateway keeps X-Forwarded-For only from trusted proxies.
    assertThat(gateway.resolve("gatehouse.headers.trusted-proxies")).isPresent();
  }

  @Test
  void datastoresWhenReferencedThenOperatorProvidedServicesNotStatefulSets() {
    assertThat(ExampleOverlay.manifests().ofKind(StatefulSet.class)).isEmpty();
    assertThat(ExampleOverlay.manifests().named(Service.class, "postgres").getSpec().getType())
        .isEqualTo("ExternalName");
    assertThat(ExampleOverlay.manifests().named(Service.class, "redis").getSpec().getType())
        .isEqualTo("ExternalName");
    Workload auth = ExampleOverlay.workload("auth-service");
    assertThat(auth.resolveText("spring.datasource.url")).startsWith("jdbc:postgresql://postgres:");
    assertThat(auth.resolveText("spring.data.redis.host")).isEqualTo("redis");
    assertThat(ExampleOverlay.workload("gateway").resolveText("spring.data.redis.host"))
        .isEqualTo("redis");
  }

  private static boolean coversPort(Workload workload, NetworkPolicyIngressRule rule, int port) {
    List<NetworkPolicyPort> ports = rule.getPorts();
    return ports == null
        || ports.isEmpty()
        || ports.stream()
            .anyMatch(
                candidate ->
                    candidate.getPort() == null
                        || workload.portNumber(candidate.getPort()) == port);
  }
}
