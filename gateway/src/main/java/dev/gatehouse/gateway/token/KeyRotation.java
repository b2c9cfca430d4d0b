package dev.gatehouse.gateway.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
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
 *
 * <p>Starts before the web server ({@link #PHASE}) and publishes the first signing key before it
 * returns, waiting at most {@code gatehouse.token.key-directory.publish-wait-at-start}: the port
 * opens, and readiness turns {@code ACCEPTING_TRAFFIC}, only once every instance's JWKS can list
 * the key this one signs its first token with. Otherwise a backend that sees the unknown {@code
 * kid} refetches the JWKS, still gets a set without it, and rejects the token, and the JWKS
 * client's own cache keeps rejecting for a while.
 */
@Component
final class KeyRotation implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);

  /** How often keys are re-published: also how soon they are back after Redis lost its data. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  /**
   * Before the web server starts ({@code SMART_LIFECYCLE_PHASE - 1024}), so that the port opens
   * after the key is published; and so stopped after it, so keys stay fresh while requests drain.
   */
  static final int PHASE = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 2048;

  /** Between attempts to publish at start: a Redis that is still connecting answers soon. */
  private static final Duration RETRY = Duration.ofMillis(100);

  private final SigningKeys keys;
  private final PublishedKeys published;
  private final TokenProperties properties;
  private final Clock clock;
  private final Duration publishWaitAtStart;
  private final Duration tick;
  private volatile @Nullable Disposable heartbeat;

  KeyRotation(
      SigningKeys keys,
      PublishedKeys published,
      TokenProperties properties,
      KeyDirectoryProperties directory,
      Clock clock) {
    Assert.notNull(keys, "keys cannot be null");
    Assert.notNull(published, "published cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.keys = keys;
    this.published = published;
    this.properties = properties;
    this.clock = clock;
    this.publishWaitAtStart = directory.publishWaitAtStart();
    Duration half = properties.keyRotation().dividedBy(2);
    this.tick = half.compareTo(HEARTBEAT) < 0 ? half : HEARTBEAT;
  }

  @Override
  public void start() {
    publishFirstKey();
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

  @Override
  public int getPhase() {
    return PHASE;
  }

  /**
   * Blocks the start (the main thread, never an event loop) until the directory confirmed the
   * current key, or for at most {@code publish-wait-at-start}. Returns whether it was confirmed.
   */
  boolean publishFirstKey() {
    SigningKeys.SigningKey first = keys.current();
    Boolean confirmed =
        Mono.defer(() -> published.publish(first.key().toPublicJWK(), liveKeyExpiry()))
            .filter(Boolean::booleanValue)
            .repeatWhenEmpty(empty -> empty.concatMap(attempt -> Mono.delay(RETRY)))
            .timeout(publishWaitAtStart, Mono.just(false))
            .block();
    if (Boolean.TRUE.equals(confirmed)) {
      log.info("signing key kid={} published before serving", first.key().getKeyID());
      return true;
    }
    log.warn(
        "the shared key directory did not confirm signing key kid={} within {}: serving anyway;"
            + " the JWKS of this instance lists it, the other instances' once the heartbeat"
            + " publishes it",
        first.key().getKeyID(),
        publishWaitAtStart);
    return false;
  }

  /**
   * Rotates now: publishes a new key, then signs with it. The previous key stays published for
   * {@code gatehouse.token.key-overlap}. Package-private: the heartbeat calls it, and tests do.
   */
  Mono<Void> rotate() {
    SigningKeys.SigningKey next = keys.next();
    return published
        .publish(next.key().toPublicJWK(), liveKeyExpiry())
        .doOnNext(confirmed -> activateIfPublished(next, confirmed))
        .then();
  }

  /**
   * Signs with {@code next} only once the directory holds it. Unconfirmed, the current key keeps
   * signing (it stays published and valid) and the next heartbeat tries a new key again: a rotation
   * that is late is harmless, a token no other instance's JWKS can verify is not.
   */
  private void activateIfPublished(SigningKeys.SigningKey next, boolean confirmed) {
    if (confirmed) {
      keys.activate(next);
      log.info("signing key rotated; now signing with kid={}", next.key().getKeyID());
    } else {
      log.warn(
          "signing key not rotated: the shared key directory did not confirm kid={}; still"
              + " signing with kid={}, trying again at the next heartbeat",
          next.key().getKeyID(),
          keys.current().key().getKeyID());
    }
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
