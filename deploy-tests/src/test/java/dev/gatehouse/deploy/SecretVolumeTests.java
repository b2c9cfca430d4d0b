package dev.gatehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A Kubernetes Secret volume as the kubelet writes it (each key a symlink through {@code ..data} to
 * a timestamped directory, swapped atomically on update) read through the {@code
 * spring.config.import} of the service's own {@code application-prod.yml}, by Spring Boot itself.
 */
class SecretVolumeTests {

  @TempDir Path volume;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gateway", "auth-service"})
  void configTreeWhenKubernetesSecretVolumeThenEachKeyBindsAsItsProperty(String module)
      throws IOException {
    writeSecretVolume(
        Map.of(
            "gatehouse.introspection.client-secret", "s3cret-from-the-volume\n",
            "spring.data.redis.password", "redis-password"));
    String imports =
        (String)
            PackagedService.named(module)
                .configuration()
                .resolve("spring.config.import", Map.of("GATEHOUSE_SECRETS_DIR", volume + "/"))
                .orElseThrow(() -> new AssertionError(module + " imports no config tree"));

    try (ConfigurableApplicationContext context = start(imports)) {
      var environment = context.getEnvironment();
      // The kubelet's files end without a newline only if the value does; Boot trims one.
      assertThat(environment.getProperty("gatehouse.introspection.client-secret"))
          .isEqualTo("s3cret-from-the-volume");
      assertThat(environment.getProperty("spring.data.redis.password")).isEqualTo("redis-password");
      assertThat(environment.getProperty("..data")).isNull();
    }
  }

  private void writeSecretVolume(Map<String, String> keys) throws IOException {
    Path version = Files.createDirectory(volume.resolve("..2026_12_02_00_00_00.000000001"));
    for (Map.Entry<String, String> key : keys.entrySet()) {
      Files.writeString(version.resolve(key.getKey()), key.getValue());
    }
    Files.createSymbolicLink(volume.resolve("..data"), version.getFileName());
    for (String key : keys.keySet()) {
      Files.createSymbolicLink(volume.resolve(key), Path.of("..data", key));
    }
  }

  private static ConfigurableApplicationContext start(String imports) {
    SpringApplication application = new SpringApplication(Empty.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.setLogStartupInfo(false);
    // Only the import: the services' jars on this classpath (for reactor order) hold their own
    // application.yml, which needs more than Spring Boot itself.
    return application.run(
        "--spring.config.location=optional:classpath:/no-application-files/",
        "--spring.config.import=" + imports,
        "--spring.main.banner-mode=off",
        "--logging.level.root=WARN");
  }

  @Configuration(proxyBeanMethods = false)
  static class Empty {}
}
