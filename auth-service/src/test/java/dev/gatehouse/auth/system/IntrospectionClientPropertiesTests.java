package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class IntrospectionClientPropertiesTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner().withUserConfiguration(Config.class);

  @Test
  void bindWhenSecretMissingThenStartupFailsNamingTheProperty() {
    runner.run(
        context ->
            assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("clientSecret")
                .hasMessageContaining("gatehouse.introspection.client-secret"));
  }

  @Test
  void bindWhenSecretSetThenIdDefaultsToGatewayAndToStringHidesSecret() {
    runner
        .withPropertyValues("gatehouse.introspection.client-secret=top-secret-value")
        .run(
            context -> {
              IntrospectionClientProperties properties =
                  context.getBean(IntrospectionClientProperties.class);
              assertThat(properties.clientId()).isEqualTo("gateway");
              assertThat(properties.clientSecret()).isEqualTo("top-secret-value");
              assertThat(properties.toString()).doesNotContain("top-secret-value");
            });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(IntrospectionClientProperties.class)
  static class Config {}
}
