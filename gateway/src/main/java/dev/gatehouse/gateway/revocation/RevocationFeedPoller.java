package dev.gatehouse.gateway.revocation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.gatehouse.gateway.session.IntrospectionProperties;
import dev.gatehouse.protocol.RevocationEvent;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads auth-service's revocation log ({@code GET /internal/revocations?after=<seq>}) every poll
 * interval from the last sequence this instance has seen. This is what makes revocation impossible
 * to lose: a dropped pub/sub message or a Redis outage delays a revocation by at most one interval.
 * At start it reads the log once from the beginning (catch-up) and applies the recent revocations,
 * so that no revoked session can come back from a shared cache.
 */
@Component
final class RevocationFeedPoller implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RevocationFeedPoller.class);
  private static final int PAGE = 500;

  private final WebClient webClient;
  private final RevocationProperties properties;
  private final RevocationApplier applier;
  private final Clock clock;
  private final AtomicLong lastSeq = new AtomicLong();
  private final AtomicBoolean caughtUp = new AtomicBoolean();
  private final AtomicBoolean failing = new AtomicBoolean();
  private volatile @Nullable Disposable polling;

  RevocationFeedPoller(
      WebClient.Builder builder,
      IntrospectionProperties client,
      RevocationProperties properties,
      RevocationApplier applier,
      Clock clock) {
    this.properties = properties;
    this.applier = applier;
    this.clock = clock;
    this.webClient =
        builder
            .clone()
            // Own metrics cover these calls; WebClient's http.client.requests meters would clash
            // with Spring Cloud Gateway's meters of the same name for proxied requests.
            .observationRegistry(ObservationRegistry.NOOP)
            .defaultHeaders(client::authenticate)
            .build();
  }

  @Override
  public void start() {
    polling =
        Flux.interval(java.time.Duration.ZERO, properties.pollInterval(), Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(tick -> pollUntilCaughtUp(), 1)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable running = polling;
    if (running != null) {
      running.dispose();
    }
    polling = null;
  }

  @Override
  public boolean isRunning() {
    return polling != null;
  }

  private Mono<Void> pollUntilCaughtUp() {
    return fetchPage()
        .expand(page -> page.events().size() < PAGE ? Mono.empty() : fetchPage())
        .then()
        .doOnSuccess(done -> recovered())
        .onErrorResume(this::failed);
  }

  private Mono<FeedPage> fetchPage() {
    boolean live = caughtUp.get();
    return webClient
        .get()
        .uri(page(lastSeq.get()))
        .retrieve()
        .bodyToMono(FeedPage.class)
        .timeout(properties.pollInterval().plusSeconds(2))
        .flatMap(
            page ->
                // All events of a page at once (answers kept in order for lastSeq): each one's
                // local
                // eviction happens at once, and a hung Redis costs the page one L2 timeout, not one
                // per event — one after the other, a Redis freeze let revocations queue at ~1 s
                // each
                // and a logout reached the other gateway 10 s late (the chaos soak).
                Flux.fromIterable(page.events())
                    .flatMapSequential(
                        event ->
                            live || isRecent(event)
                                ? applier.apply(event, "feed", live).thenReturn(event)
                                : Mono.just(event),
                        PAGE)
                    .doOnNext(event -> lastSeq.accumulateAndGet(event.seq(), Math::max))
                    .then(Mono.fromRunnable(() -> lastSeq.accumulateAndGet(page.next(), Math::max)))
                    .thenReturn(page));
  }

  /**
   * During the catch-up read at start, a revocation older than {@code remember} needs no work: no
   * cache level can still hold its session (every TTL and the stale window are shorter).
   */
  private boolean isRecent(RevocationEvent event) {
    Instant revokedAt = event.revokedAt();
    return revokedAt == null || revokedAt.isAfter(clock.instant().minus(properties.remember()));
  }

  private URI page(long after) {
    return UriComponentsBuilder.fromUri(properties.feedUri())
        .queryParam("after", after)
        .queryParam("limit", PAGE)
        .build()
        .toUri();
  }

  private void recovered() {
    caughtUp.set(true);
    if (failing.compareAndSet(true, false)) {
      log.info("revocation feed reachable again at seq {}", lastSeq.get());
    }
  }

  private Mono<Void> failed(Throwable ex) {
    if (failing.compareAndSet(false, true)) {
      log.warn(
          "revocation feed {} unreachable ({}); retrying every {}",
          properties.feedUri(),
          ex.toString(),
          properties.pollInterval());
    }
    return Mono.empty();
  }

  /** A page of {@code GET /internal/revocations}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record FeedPage(List<RevocationEvent> events, long next) {
    FeedPage {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }
}
