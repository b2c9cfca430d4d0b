package dev.gatehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example overlay ({@code deploy/kubernetes/overlays/example}), rendered by {@code kubectl
 * kustomize}, held against the packaged services: ports, probe groups, environment names, secret
 * files and the config tree, network policies, disruption budget and autoscaler, security context.
 */
class KubernetesManifestTests {

  /**
   * Properties set by the manifests that another branch adds to the services (bootstrap admin,
   * branch "users"). Accepted until they are in the metadata; {@link
   * #pendingPropertiesWhenInTheMetadataThenRemovedFromThisList} fails once they are, so the list
   * empties itself after the merge.
   */
  static final Set<String> PENDING_PROPERTIES =
      Set.of("gatehouse.bootstrap.admin-username", "gatehouse.bootstrap.admin-password-file");

  /** Read by the JVM, not by Spring. */
  private static final Set<String> JVM_VARIABLES =
      Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "JAVA_OPTS");

  private static RenderedManifests manifests;

  @BeforeAll
  static void render() throws Exception {
    manifests = RenderedManifests.exampleOverlay();
  }

  static Stream<Named<Workload>> workloads() throws Exception {
    if (manifests == null) {
      render();
    }
    List<Named<Workload>> workloads = new ArrayList<>();
    for (Deployment deployment : manifests.ofKind(Deployment.class)) {
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

  @Test
  void overlayWhenRenderedThenHoldsEveryPartOfTheDeployment() throws Exception {
    assertThat(names(Deployment.class))
        .containsExactlyInAnyOrder("gateway", "auth-service", "demo-backend");
    assertThat(names(Service.class))
        .contains("gateway", "auth-service", "demo-backend", "postgres", "redis");
    assertThat(names(HorizontalPodAutoscaler.class)).contains("gateway");
    assertThat(names(PodDisruptionBudget.class)).contains("gateway");
    assertThat(names(NetworkPolicy.class)).contains("auth-service");
    assertThat(manifests.ofKind(Ingress.class)).isNotEmpty();
    assertThat(workloads())
        .extracting(named -> named.getPayload().service().module())
        .containsExactlyInAnyOrderElementsOf(PackagedService.MODULES);
  }

  @Test
  void overlayWhenParsedThenNoObjectHasFieldsTheKubernetesModelDoesNotKnow() {
    Map<String, List<String>> unknown = new LinkedHashMap<>();
    for (HasMetadata object : manifests.all()) {
      List<String> fields = UnknownFields.in(object);
      if (!fields.isEmpty()) {
        unknown.put(object.getKind() + "/" + object.getMetadata().getName(), fields);
      }
    }
    assertThat(unknown).as("misspelt or misplaced fields").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
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
  @MethodSource("workloads")
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
  @MethodSource("workloads")
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
    for (Service service : servicesSelecting(workload)) {
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(workload.portNumber(targetPort(port)))
            .as(
                "Service %s must not expose %s's management port",
                service.getMetadata().getName(), workload.name())
            .isNotEqualTo(management);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void environmentWhenSetThenEveryVariableBindsToARealProperty(Workload workload) {
    ConfigurationMetadata metadata = workload.service().metadata();
    Set<String> placeholders = workload.service().configuration().placeholderNames();
    List<String> unknown =
        workload.container().getEnv().stream()
            .map(variable -> variable.getName())
            .filter(name -> !JVM_VARIABLES.contains(name))
            .filter(name -> !placeholders.contains(name))
            .filter(name -> metadata.propertyForEnvironmentVariable(name).isEmpty())
            .filter(name -> !isPending(name))
            .collect(Collectors.toList());
    assertThat(unknown)
        .as(
            "%s: environment variables that bind to no property of %s's configuration metadata and"
                + " are no placeholder of its application*.yml",
            workload.name(), workload.service().module())
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void secretsWhenMountedThenConfigTreeFilesNamedByRealProperties(Workload workload) {
    List<String> configTrees = configTreeDirectories(workload);
    Map<String, List<String>> secretFilesByMount = secretFilesByMount(workload);
    for (Map.Entry<String, List<String>> mount : secretFilesByMount.entrySet()) {
      String directory = trimSlash(mount.getKey());
      if (configTrees.contains(directory)) {
        List<String> unknown =
            mount.getValue().stream()
                .filter(key -> !workload.service().metadata().has(key))
                .filter(key -> !PENDING_PROPERTIES.contains(key))
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
      assertThat(secretFilesByMount.keySet().stream().map(KubernetesManifestTests::trimSlash))
          .as(
              "%s mounts Secrets: one mount must be the config tree %s",
              workload.name(), configTrees)
          .containsAnyElementsOf(configTrees);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("workloads")
  void terminationGraceWhenStoppingThenLongerThanPreStopAndGracefulShutdown(Workload workload) {
    assertThat(workload.resolveText("server.shutdown")).as(workload.name()).isEqualTo("graceful");
    Duration drain = duration(workload.resolveText("spring.lifecycle.timeout-per-shutdown-phase"));
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

  @Test
  void securityContextWhenAnyContainerThenNonRootWithReadOnlyRootFilesystemAndTmpVolume() {
    for (Deployment deployment : manifests.ofKind(Deployment.class)) {
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
        assertThat(volume(pod, tmpVolume).getEmptyDir())
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
      String deploymentName) throws Exception {
    Workload target = workload(deploymentName);
    Map<String, String> gatewayLabels = workload("gateway").podLabels();
    List<NetworkPolicy> policies =
        manifests.ofKind(NetworkPolicy.class).stream()
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
          for (Deployment other : manifests.ofKind(Deployment.class)) {
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
  void autoscalingWhenGatewayThenHpaAndPdbTargetTheGatewayDeployment() throws Exception {
    Deployment gateway = manifests.named(Deployment.class, "gateway");
    Map<String, String> labels = gateway.getSpec().getTemplate().getMetadata().getLabels();
    assertThat(gateway.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    HorizontalPodAutoscaler hpa = manifests.named(HorizontalPodAutoscaler.class, "gateway");
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
    assertThat(hpa.getSpec().getScaleTargetRef().getName())
        .isEqualTo(gateway.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
    List<PodDisruptionBudget> budgets =
        manifests.ofKind(PodDisruptionBudget.class).stream()
            .filter(pdb -> RenderedManifests.selects(pdb.getSpec().getSelector(), labels))
            .collect(Collectors.toList());
    assertThat(budgets).as("one PodDisruptionBudget selects the gateway pods").hasSize(1);
    PodDisruptionBudget budget = budgets.get(0);
    for (Deployment other : manifests.ofKind(Deployment.class)) {
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
  void servicesWhenSelectingPodsThenEachMatchesOneDeploymentAndItsNamedPorts() throws Exception {
    for (Service service : manifests.ofKind(Service.class)) {
      if ("ExternalName".equals(service.getSpec().getType())) {
        continue;
      }
      List<Workload> selected =
          workloads()
              .map(Named::getPayload)
              .filter(workload -> selectsPods(service, workload))
              .collect(Collectors.toList());
      assertThat(selected)
          .as("Service %s selects one Deployment", service.getMetadata().getName())
          .hasSize(1);
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(selected.get(0).portNumber(targetPort(port)))
            .isEqualTo(selected.get(0).serverPort());
      }
    }
  }

  @Test
  void ingressWhenRoutingThenTlsToTheGatewayServiceHttpPortBehindTrustedProxies() throws Exception {
    Workload gateway = workload("gateway");
    Service service = manifests.named(Service.class, "gateway");
    for (Ingress ingress : manifests.ofKind(Ingress.class)) {
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
                          assertThat(gateway.portNumber(targetPort(port)))
                              .isEqualTo(gateway.serverPort());
                        });
              });
    }
    // Behind the controller the gateway keeps X-Forwarded-For only from trusted proxies.
    assertThat(gateway.resolve("gatehouse.headers.trusted-proxies")).isPresent();
  }

  @Test
  void datastoresWhenReferencedThenOperatorProvidedServicesNotStatefulSets() throws Exception {
    assertThat(manifests.ofKind(StatefulSet.class)).isEmpty();
    assertThat(manifests.named(Service.class, "postgres").getSpec().getType())
        .isEqualTo("ExternalName");
    assertThat(manifests.named(Service.class, "redis").getSpec().getType())
        .isEqualTo("ExternalName");
    Workload auth = workload("auth-service");
    assertThat(auth.resolveText("spring.datasource.url")).startsWith("jdbc:postgresql://postgres:");
    assertThat(auth.resolveText("spring.data.redis.host")).isEqualTo("redis");
    assertThat(workload("gateway").resolveText("spring.data.redis.host")).isEqualTo("redis");
  }

  @Test
  void pendingPropertiesWhenInTheMetadataThenRemovedFromThisList() {
    List<String> arrived =
        PENDING_PROPERTIES.stream()
            .filter(property -> PackagedService.named("auth-service").metadata().has(property))
            .sorted()
            .collect(Collectors.toList());
    assertThat(arrived)
        .as(
            "these properties exist now: remove them from KubernetesManifestTests.PENDING_PROPERTIES")
        .isEmpty();
  }

  private static boolean isPending(String variable) {
    return PENDING_PROPERTIES.stream()
        .map(name -> new ConfigurationMetadata.Property(name, "java.lang.String", null, null))
        .anyMatch(property -> variable.equals(property.environmentVariable()));
  }

  private static List<String> names(Class<? extends HasMetadata> kind) {
    return manifests.ofKind(kind).stream()
        .map(object -> object.getMetadata().getName())
        .collect(Collectors.toList());
  }

  private static Workload workload(String deployment) throws Exception {
    return workloads()
        .map(Named::getPayload)
        .filter(workload -> workload.deployment().getMetadata().getName().equals(deployment))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + deployment));
  }

  private static List<Service> servicesSelecting(Workload workload) {
    return manifests.ofKind(Service.class).stream()
        .filter(service -> selectsPods(service, workload))
        .collect(Collectors.toList());
  }

  private static boolean selectsPods(Service service, Workload workload) {
    Map<String, String> selector = service.getSpec().getSelector();
    return selector != null
        && !selector.isEmpty()
        && workload.podLabels().entrySet().containsAll(selector.entrySet());
  }

  private static IntOrString targetPort(ServicePort port) {
    return port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
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

  /**
   * {@code configtree:} locations of the service's spring.config.import, without trailing slash.
   */
  private static List<String> configTreeDirectories(Workload workload) {
    String imports = (String) workload.resolve("spring.config.import").orElse("");
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
  private static Map<String, List<String>> secretFilesByMount(Workload workload) {
    PodSpec pod = workload.deployment().getSpec().getTemplate().getSpec();
    Map<String, List<String>> files = new LinkedHashMap<>();
    for (VolumeMount mount : workload.container().getVolumeMounts()) {
      Volume volume = volume(pod, mount.getName());
      List<String> keys = new ArrayList<>();
      if (volume.getSecret() != null) {
        keys.addAll(secretKeys(volume.getSecret().getSecretName()));
      }
      if (volume.getProjected() != null) {
        for (VolumeProjection source : volume.getProjected().getSources()) {
          if (source.getSecret() != null) {
            keys.addAll(
                source.getSecret().getItems().isEmpty()
                    ? secretKeys(source.getSecret().getName())
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

  private static List<String> secretKeys(String name) {
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

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(volume -> volume.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static String trimSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Boot's simple duration format (30s, 1m, 500ms) or ISO-8601. */
  static Duration duration(String text) {
    var matcher = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(text.trim());
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
