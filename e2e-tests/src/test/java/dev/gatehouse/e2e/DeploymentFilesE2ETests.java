package dev.gatehouse.e2e;

import static dev.gatehouse.e2e.ComposeFile.environment;
import static dev.gatehouse.e2e.ComposeFile.healthcheck;
import static dev.gatehouse.e2e.ComposeFile.map;
import static dev.gatehouse.e2e.ComposeFile.path;
import static dev.gatehouse.e2e.ComposeFile.service;
import static dev.gatehouse.e2e.ComposeFile.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deployment files as an operator gets them, checked without a container engine: {@code
 * docker-compose config} accepts the compose file, its healthchecks run without a shell feature
 * dash lacks, every Java service drains before Docker kills it, secrets are files named by their
 * property, the gateways trust only the load balancer, the services fetch the JWKS through it, the
 * load balancer template gets a value for each of its placeholders, and the Dockerfile's layer
 * extraction, run on the packaged jars, yields exactly the layers the image copies.
 * ProductionTopologyE2ETests runs the same files as processes.
 */
class DeploymentFilesE2ETests {

  private static final Path REPO = ComposeFile.REPO;
  private static final Map<String, Object> compose = ComposeFile.COMPOSE;

  @Test
  void composeFileWhenCheckedByDockerComposeThenValid() {
    Path dockerCompose = DebianTools.require("docker-compose", "docker-compose");

    DebianTools.Result result =
        DebianTools.run(
            REPO, List.of(dockerCompose.toString(), "-f", "docker-compose.yml", "config", "-q"));

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void composeHealthcheckWhenRunByDockerThenWorksWithoutBashUnderDash(String service) {
    List<String> test = healthcheck(service);

    assertThat(test.get(0)).isIn("CMD", "CMD-SHELL");
    if (test.get(0).equals("CMD-SHELL")) {
      // CMD-SHELL runs /bin/sh: dash in the Temurin, redis and postgres images.
      assertThat(String.join(" ", test)).doesNotContain("/dev/tcp").doesNotContain("[[");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth-service", "gateway-1", "gateway-2", "demo-backend"})
  void composeJavaServiceWhenStoppedThenGracePeriodLongerThanTheGracefulDrain(String service) {
    Duration grace = duration(String.valueOf(service(service).get("stop_grace_period")));

    for (String module : List.of("auth-service", "gateway")) {
      Map<String, Object> prod =
          yaml(REPO.resolve(module + "/src/main/resources/application-prod.yml"));
      assertThat(path(prod, "server", "shutdown")).as(module).isEqualTo("graceful");
      Duration drain =
          duration(String.valueOf(path(prod, "spring", "lifecycle", "timeout-per-shutdown-phase")));
      assertThat(grace)
          .as("%s stop_grace_period vs %s's drain", service, module)
          .isGreaterThan(drain);
    }
  }

  @Test
  void composeSecretsWhenMountedThenFilesNamedByTheirPropertyAndNoneInTheEnvironment() {
    assertThat(secretTargets("auth-service"))
        .containsExactlyInAnyOrder(
            "gatehouse.introspection.client-secret",
            "spring.datasource.password",
            "admin-password");
    for (String gateway : List.of("gateway-1", "gateway-2")) {
      assertThat(secretTargets(gateway))
          .containsExactlyInAnyOrder(
              "gatehouse.introspection.client-secret", "gatehouse.cache.l2-key-secret");
    }
    assertThat(environment("auth-service"))
        .containsEntry("GATEHOUSE_BOOTSTRAP_ADMINPASSWORDFILE", "/run/secrets/admin-password");
    assertThat(environment("postgres"))
        .containsEntry("POSTGRES_PASSWORD_FILE", "/run/secrets/postgres-password");
    for (String service : services().toList()) {
      assertThat(environment(service).keySet())
          .as("secrets of %s come from files", service)
          .noneMatch(name -> name.contains("SECRET") && !name.equals("GATEHOUSE_SECRETS_DIR"))
          .noneMatch(name -> name.endsWith("PASSWORD"));
    }
    Map<String, Object> secrets = map(compose.get("secrets"));
    secrets.values().forEach(secret -> assertThat(map(secret)).containsKey("file"));
    assertThat(REPO.resolve("deploy/secrets/.gitignore")).content().contains("*");
    assertThat(REPO.resolve(".dockerignore")).content().contains("deploy/secrets/");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "auth-service, auth-service",
    "gateway-1, gateway",
    "gateway-2, gateway",
    "demo-backend, demo-backend"
  })
  void composeSettingsWhenBoundBySpringBootThenEachNamesASettingOfTheService(
      String service, String module) {
    ConfigurationNames names = ConfigurationNames.of(module);

    assertThat(environment(service).keySet())
        .filteredOn(name -> name.startsWith("GATEHOUSE_"))
        .isNotEmpty()
        .allSatisfy(name -> assertThat(names.boundBy(name)).as("%s of %s", name, service).isTrue());
    assertThat(secretTargets(service))
        .filteredOn(target -> target.startsWith("gatehouse."))
        .allSatisfy(target -> assertThat(names.properties).contains(target));
  }

  @Test
  void composeTrustedProxiesWhenSetThenMatchExactlyTheLoadBalancersAddress() {
    String lbAddress = String.valueOf(path(service("lb"), "networks", "gatehouse", "ipv4_address"));
    for (String gateway : List.of("gateway-1", "gateway-2")) {
      Pattern trusted =
          Pattern.compile(environment(gateway).get("GATEHOUSE_HEADERS_TRUSTEDPROXIES"));
      assertThat(trusted.matcher(lbAddress).matches()).isTrue();
      String prefix = lbAddress.substring(0, lbAddress.lastIndexOf('.') + 1);
      for (String other : List.of(prefix + "1", prefix + "100", prefix + "129", lbAddress + "0")) {
        assertThat(trusted.matcher(other).matches()).as(other).isFalse();
      }
    }
    // Docker hands out addresses from ip_range only, so no container can get the LB's.
    Map<String, Object> ipam =
        map(((List<?>) path(map(compose.get("networks")), "gatehouse", "ipam", "config")).get(0));
    int last = Integer.parseInt(lbAddress.substring(lbAddress.lastIndexOf('.') + 1));
    String range = String.valueOf(ipam.get("ip_range"));
    int rangeStart =
        Integer.parseInt(range.substring(range.lastIndexOf('.') + 1, range.indexOf('/')));
    assertThat(last).isLessThan(rangeStart);
  }

  @Test
  void composeServicesWhenFetchingJwksThenThroughTheLoadBalancersInternalListener() {
    String internalPort = environment("lb").get("GATEHOUSE_INTERNAL_LISTEN");
    URI backend = URI.create(environment("demo-backend").get("GATEHOUSE_JWKS_URI"));
    URI authService = URI.create(environment("auth-service").get("GATEHOUSE_GATEWAYURL"));

    for (URI uri : List.of(backend, authService)) {
      assertThat(uri.getHost()).isEqualTo("lb");
      assertThat(String.valueOf(uri.getPort())).isEqualTo(internalPort);
    }
    assertThat(backend.getPath()).isEqualTo("/.well-known/jwks.json");
    assertThat((List<?>) service("lb").get("ports"))
        .as("only the TLS port is published")
        .singleElement()
        .asString()
        .endsWith(":" + environment("lb").get("GATEHOUSE_HTTPS_LISTEN"));
  }

  @Test
  void loadBalancerTemplateWhenRenderedByTheNginxImageThenComposeGivesEveryPlaceholder()
      throws IOException {
    Matcher placeholders =
        Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(Files.readString(Nginx.TEMPLATE));
    Set<String> names = new TreeSet<>();
    while (placeholders.find()) {
      names.add(placeholders.group(1));
    }

    assertThat(names).isNotEmpty();
    assertThat(environment("lb").keySet()).containsAll(names);
    assertThat(String.valueOf(((List<?>) service("lb").get("volumes")).get(0)))
        .startsWith("./deploy/nginx/templates:/etc/nginx/templates");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auth-service", "gateway", "demo-backend"})
  void imageWhenJarExtractedAsTheDockerfileDoesThenLayersAreExactlyTheOnesCopied(
      String module, @TempDir Path work) throws IOException {
    ContainerImage image = ContainerImage.fromDockerfile();
    Path layers = work.resolve("layers");

    Path app = image.install(module, layers, work.resolve("app"));

    assertThat(image.copiedLayers())
        .as("least-changing layer first")
        .containsExactly(
            "dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
    try (Stream<Path> extracted = Files.list(layers)) {
      assertThat(extracted.map(path -> path.getFileName().toString()).collect(Collectors.toSet()))
          .containsExactlyInAnyOrderElementsOf(image.copiedLayers());
    }
    assertThat(app.resolve(image.mainClass().replace('.', '/') + ".class"))
        .as("the ENTRYPOINT's main class")
        .isRegularFile();
    assertThat(app.resolve("BOOT-INF/classes")).isDirectory();
    assertThat(app.resolve("BOOT-INF/lib")).isDirectoryContaining("glob:**.jar");
    assertThat(image.jvmOptions()).contains("-XX:MaxRAMPercentage=75");
    assertThat(image.dockerfile).containsPattern("USER [1-9][0-9]*:[1-9][0-9]*");
    assertThat(image.dockerfile.indexOf("dependency:go-offline"))
        .as("dependencies are resolved before the sources are copied")
        .isLessThan(image.dockerfile.indexOf("COPY . ."));
  }

  /** A compose or Spring Boot duration: {@code 45s}, {@code 500ms}, {@code 1m}, {@code 2h}. */
  private static Duration duration(String text) {
    Matcher matcher = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.strip());
    assertThat(matcher.matches()).as("a duration: %s", text).isTrue();
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  static Stream<String> services() {
    return ComposeFile.serviceNames().stream();
  }

  private static List<String> secretTargets(String service) {
    List<String> targets = new ArrayList<>();
    for (Object secret : (List<?>) service(service).getOrDefault("secrets", List.of())) {
      targets.add(
          secret instanceof Map<?, ?> m ? String.valueOf(m.get("target")) : String.valueOf(secret));
    }
    return targets;
  }
}
