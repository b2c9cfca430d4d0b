package dev.gatehouse.gateway.revocation;

import dev.gatehouse.gateway.revocation.RevocationFeedClient.FeedPage;
import dev.gatehouse.protocol.RevocationEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Reads auth-service's revocation log every poll interval from the last sequence this instance has
 * seen. This is what makes revocation impossible to lose: a dropped pub/sub message or a Redis
 * outage delays a revocation by at most one interval. At start it reads the log once from the
 * beginning (catch-up) and applies the recent revocations, so that no revoked session can come back
 * from a shared cache.
 *
 * <p>While the feed fails, polls back off exponentially with jitter up to {@code
 * gatehouse.revocation.max-backoff} ({@link FeedBackoff}); one WARN marks the start of the outage
 * and one INFO its end. The position is kept across failures, so the first poll that succeeds reads
 * everything written meanwhile, page by page: nothing is lost, only delayed.
 */
@Component
final class RevocationFeedPoller implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RevocationFeedPoller.class);

  private final RevocationFeedClient feed;
  private final RevocationProperties properties;
  private final RevocationApplier applier;
  private final Clock clock;
  private final Scheduler scheduler;
  private final FeedBackoff backoff;
  private final AtomicLong lastSeq = new AtomicLong();
  private final AtomicBoolean caughtUp = new AtomicBoolean();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile Instant lastSuccess;
  private volatile @Nullable Disposable polling;

  @Autowired
  RevocationFeedPoller(
      RevocationFeedClient feed,
      RevocationProperties properties,
      RevocationApplier applier,
      Clock clock,
      MeterRegistry meters) {
    this(feed, properties, applier, clock, meters, Schedulers.parallel());
  }

  /** With the scheduler the waits between polls run on (virtual time in tests). */
  RevocationFeedPoller(
      RevocationFeedClient feed,
      RevocationProperties properties,
      RevocationApplier applier,
      Clock clock,
      MeterRegistry meters,
      Scheduler scheduler) {
    this.feed = feed;
    this.properties = properties;
    this.applier = applier;
    this.clock = clock;
    this.scheduler = scheduler;
    this.backoff = new FeedBackoff(properties.pollInterval(), properties.maxBackoff());
    this.lastSuccess = clock.instant();
    Gauge.builder("gatehouse.revocation.feed.failures", consecutiveFailures, AtomicInteger::get)
        .description("Failed polls of the revocation feed since the last success (0: healthy)")
        .register(meters);
    TimeGauge.builder(
            "gatehouse.revocation.feed.last.success.age",
            this,
            TimeUnit.MILLISECONDS,
            poller -> Duration.between(poller.lastSuccess, poller.clock.instant()).toMillis())
        .description("Time since the revocation feed was last read successfully (or since start)")
        .register(meters);
  }

  @Override
  public void start() {
    polling =
        Mono.defer(this::pollUntilCaughtUp)
            .then(Mono.defer(() -> Mono.delay(nextDelay(), scheduler)))
            .repeat()
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

  /** The last sequence applied (or skipped as too old at start). */
  long position() {
    return lastSeq.get();
  }

  private Duration nextDelay() {
    return backoff.delay(consecutiveFailures.get(), ThreadLocalRandom.current().nextDouble());
  }

  private Mono<Void> pollUntilCaughtUp() {
    return fetchPage()
        .expand(
            page -> page.events().size() < RevocationFeedClient.PAGE ? Mono.empty() : fetchPage())
        .then()
        .doOnSuccess(done -> recovered())
        .onErrorResume(this::failed);
  }

  private Mono<FeedPage> fetchPage() {
    return Mono.defer(
        () -> {
          boolean live = caughtUp.get();
          return feed.page(lastSeq.get())
              .flatMap(
                  page ->
                      // All events of a page at once (answers kept in order for lastSeq): each
                      // one's local eviction happens at once, and a hung Redis costs the page one
                      // L2 timeout, not one per event. One after the other, a Redis freeze let
                      // revocations queue at ~1 s each and a logout reached the other gateway
                      // 10 s late (the chaos soak).
                      Flux.fromIterable(page.events())
                          .flatMapSequential(
                              event ->
                                  live || isRecent(event)
                                      ? applier.apply(event, "feed", live).thenReturn(event)
                                      : Mono.just(event),
                              RevocationFeedClient.PAGE)
                          .doOnNext(event -> lastSeq.accumulateAndGet(event.seq(), Math::max))
                          .then(
                              Mono.fromRunnable(
                                  () -> lastSeq.accumulateAndGet(page.next(), Math::max)))
                          .thenReturn(page));
        });
  }

  /**
   * During the catch-up read at start, a revocation older than {@code remember} needs no work: no
   * cache level can still hold its session (every TTL and the stale window are shorter).
   */
  private boolean isRecent(RevocationEvent event) {
    Instant revokedAt = event.revokedAt();
    return revokedAt == null || revokedAt.isAfter(clock.instant().minus(properties.remember()));
  }

  private void recovered() {
    caughtUp.set(true);
    Instant previous = lastSuccess;
    lastSuccess = clock.instant();
    int failures = consecutiveFailures.getAndSet(0);
    if (failures > 0) {
      log.info(
          "revocation feed reachable again after {} failed polls over {}; caught up to seq {}",
          failures,
          Duration.between(previous, lastSuccess),
          lastSeq.get());
    }
  }

  private Mono<Void> failed(Throwable ex) {
    if (consecutiveFailures.getAndIncrement() == 0) {
      log.warn(
          "revocation feed {} unreachable ({}); retrying with backoff up to {} (pub/sub still"
              + " delivers, when on); nothing is lost: the feed is read from seq {} once back",
          feed.feedUri(),
          ex.toString(),
          properties.maxBackoff(),
          lastSeq.get());
    }
    return Mono.empty();
  }
}
