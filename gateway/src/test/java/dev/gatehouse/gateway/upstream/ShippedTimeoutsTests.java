package dev.gatehouse.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * The shipped {@code application.yml} bounds every route: Spring Cloud Gateway's global connect and
 * response timeouts are set (it has no response timeout of its own, so a hung upstream would hold a
 * request forever), and the auth-service routes have the tighter one, so a frozen auth-service
 * costs a login page 10 s, not the client's patience.
 */
class ShippedTimeoutsTests {

  static final String GATEWAY = "spring.cloud.gateway.server.webflux.";

  final Binder shipped = shippedConfiguration();

  @Test
  void shippedConfigurationWhenReadThenGlobalConnectAndResponseTimeoutsSet() {
    assertThat(shipped.bind(GATEWAY + "httpclient.connect-timeout", Integer.class).get())
        .isEqualTo(2000);
    assertThat(shipped.bind(GATEWAY + "httpclient.response-timeout", Duration.class).get())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shippedRoutesWhenUpstreamIsAuthServiceThenTenSecondResponseTimeout() {
    URI authService =
        URI.create(shipped.bind("gatehouse.upstream.auth-service", String.class).get());
    List<RouteDefinition> routes = routes();

    assertThat(routes)
        .filteredOn(route -> route.getUri().equals(authService))
        .hasSizeGreaterThan(4);
    assertThat(routes)
        .filteredOn(route -> route.getUri().equals(authService))
        .allSatisfy(
            route ->
                assertThat(route.getMetadata().get("response-timeout"))
                    .as(route.getId())
                    .hasToString("10000"));
  }

  @Test
  void shippedRoutesWhenReadThenNoneDisablesTheResponseTimeout() {
    assertThat(routes())
        .allSatisfy(
            route ->
                assertThat(String.valueOf(route.getMetadata().get("response-timeout")))
                    .as(route.getId())
                    .doesNotStartWith("-"));
  }

  private List<RouteDefinition> routes() {
    return shipped.bind(GATEWAY + "routes", Bindable.listOf(RouteDefinition.class)).get();
  }

  private static Binder shippedConfiguration() {
    try {
      StandardEnvironment environment = new StandardEnvironment();
      new YamlPropertySourceLoader()
          .load("application.yml", new ClassPathResource("application.yml"))
          .forEach(environment.getPropertySources()::addLast);
      return Binder.get(environment);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
