package dev.gatehouse.gateway.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The heartbeat of this instance's keys: rotates the signing key every {@code
 * gatehouse.token.key-rotation} (a new key is published before it signs anything) and re-publishes
 * the public keys, so that they are back soon after the shared directory lost its data.
 */
@Component
final class KeyRotation implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);

  /** How often keys are re-published: also how soon they are back after Redis lost its data. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private final SigningKeys keys;
  private final PublishedKeys published;
  private final TokenProperties properties;
  private final Clock clock;
  private final Duration tick;
  private volatile @Nullable Disposable heartbeat;

  KeyRotation(SigningKeys keys, PublishedKeys published, TokenProperties properties, Clock clock) {
    Assert.notNull(keys, "keys cannot be null");
    Assert.notNull(published, "published cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.keys = keys;
    this.published = published;
    this.properties = properties;
    this.clock = clock;
    Duration half = properties.keyRotation().dividedBy(2);
    this.tick = half.compareTo(HEARTBEAT) < 0 ? half : HEARTBEAT;
  }

  @Override
  public void start() {
    heartbeat =
        Flux.interval(Duration.ZERO, tick, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(beat -> rotateIfDue().then(refresh()), 1)
            .subscribe();
  }

  @Override
  public void stop() {
    Disposable running = heartbeat;
    if (running != null) {
      running.dispose();
    }
    heartbeat = null;
  }

  @Override
  public boolean isRunning() {
    return heartbeat != null;
  }

  /**
   * Rotates now: publishes a new key, then signs with it. The previous key stays published for
   * {@code gatehouse.token.key-overlap}. Package-private: the heartbeat calls it, and tests do.
   */
  Mono<Void> rotate() {
    SigningKeys.SigningKey next = keys.next();
    return published
        .publish(next.key().toPublicJWK(), liveKeyExpiry())
        .then(Mono.fromRunnable(() -> keys.activate(next)))
        .doOnSuccess(
            done -> log.info("signing key rotated; now signing with kid={}", next.key().getKeyID()))
        .then();
  }

  private Mono<Void> rotateIfDue() {
    Instant created = keys.current().key().getIssueTime().toInstant();
    if (Duration.between(created, clock.instant()).compareTo(properties.keyRotation()) < 0) {
      return Mono.empty();
    }
    return rotate();
  }

  private Mono<Void> refresh() {
    return Mono.defer(() -> published.refresh(keys.publicKeys(), liveKeyExpiry()));
  }

  /**
   * A live key stays published for three heartbeats past the last one, plus the token lifetime and
   * a minute of clock skew: after an instance dies, tokens it signed still verify until they
   * expire.
   */
  private Instant liveKeyExpiry() {
    return clock.instant().plus(tick.multipliedBy(3).plus(properties.ttl()).plusSeconds(60));
  }

  @Override
  public String toString() {
    return "KeyRotation[every " + properties.keyRotation() + ", heartbeat " + tick + "]";
  }
}
