package dev.gatehouse.gateway.session;

import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Whether auth-service answers its health endpoint. Shown as {@code authService} in {@code
 * /actuator/health}; while it is down, cached sessions are still served (stale-if-error) and new
 * ones get 503.
 */
@Component("authService")
final class AuthServiceHealthIndicator implements ReactiveHealthIndicator {

  private final WebClient webClient;
  private final URI health;

  AuthServiceHealthIndicator(WebClient.Builder builder, IntrospectionProperties introspection) {
    this.webClient = builder.clone().observationRegistry(ObservationRegistry.NOOP).build();
    this.health =
        UriComponentsBuilder.fromUri(introspection.uri())
            .replacePath("/actuator/health")
            .replaceQuery(null)
            .build()
            .toUri();
  }

  @Override
  public Mono<Health> health() {
    return webClient
        .get()
        .uri(health)
        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode()))
        .timeout(Duration.ofSeconds(2))
        .map(
            status ->
                status.is2xxSuccessful()
                    ? Health.up().withDetail("url", health.toString()).build()
                    : Health.down().withDetail("status", status.value()).build())
        .onErrorResume(ex -> Mono.just(Health.down().withDetail("error", ex.toString()).build()));
  }
}
