package dev.gatehouse.gateway.revocation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.gatehouse.gateway.session.IntrospectionProperties;
import dev.gatehouse.protocol.RevocationEvent;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Reads one page of auth-service's revocation log: {@code GET /internal/revocations?after=<seq>},
 * authenticated as the introspection client. Any failure (refused, timeout, non-2xx) is an error
 * the poller backs off from.
 */
@Component
class RevocationFeedClient {

  /** Entries per page; a full page means there may be more. */
  static final int PAGE = 500;

  private final WebClient webClient;
  private final RevocationProperties properties;

  RevocationFeedClient(
      WebClient.Builder builder, IntrospectionProperties client, RevocationProperties properties) {
    this.properties = properties;
    this.webClient =
        builder
            .clone()
            // Own metrics cover these calls; WebClient's http.client.requests meters would clash
            // with Spring Cloud Gateway's meters of the same name for proxied requests.
            .observationRegistry(ObservationRegistry.NOOP)
            .defaultHeaders(client::authenticate)
            .build();
  }

  /** The entries after {@code after}, at most {@link #PAGE}. */
  Mono<FeedPage> page(long after) {
    return webClient
        .get()
        .uri(uri(after))
        .retrieve()
        .bodyToMono(FeedPage.class)
        // A hung auth-service must not stall the poller: the poll fails and is retried.
        .timeout(properties.pollInterval().plusSeconds(2));
  }

  URI feedUri() {
    return properties.feedUri();
  }

  private URI uri(long after) {
    return UriComponentsBuilder.fromUri(properties.feedUri())
        .queryParam("after", after)
        .queryParam("limit", PAGE)
        .build()
        .toUri();
  }

  /** A page of {@code GET /internal/revocations}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record FeedPage(List<RevocationEvent> events, long next) {
    FeedPage {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }
}
