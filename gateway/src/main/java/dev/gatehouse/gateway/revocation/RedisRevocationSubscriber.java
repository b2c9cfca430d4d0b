package dev.gatehouse.gateway.revocation;

import dev.gatehouse.protocol.RevocationEvent;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fast path of revocation: listens on the Redis channel auth-service publishes every revocation
 * on, and applies each at once. Survives Redis outages by subscribing again with backoff; what it
 * misses meanwhile the feed poller delivers. Exists only with {@code gatehouse.redis.enabled} and
 * {@code gatehouse.revocation.pubsub}: without it, the feed alone delivers revocations.
 */
@Component
@ConditionalOnBooleanProperty("gatehouse.redis.enabled")
@ConditionalOnBooleanProperty(name = "gatehouse.revocation.pubsub", matchIfMissing = true)
final class RedisRevocationSubscriber implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RedisRevocationSubscriber.class);

  private final ReactiveRedisConnectionFactory connections;
  private final RevocationProperties properties;
  private final RevocationApplier applier;
  private final JsonMapper json;
  private final AtomicBoolean failing = new AtomicBoolean();
  private volatile @Nullable Disposable subscription;

  RedisRevocationSubscriber(
      ReactiveRedisConnectionFactory connections,
      RevocationProperties properties,
      RevocationApplier applier,
      JsonMapper json) {
    this.connections = connections;
    this.properties = properties;
    this.applier = applier;
    this.json = json;
  }

  @Override
  public void start() {
    ReactiveRedisConnectionFactory factory = connections;
    subscription =
        Flux.usingWhen(
                Mono.fromCallable(() -> new ReactiveRedisMessageListenerContainer(factory)),
                container ->
                    container
                        .receive(ChannelTopic.of(properties.channel()))
                        .doOnSubscribe(started -> recovered()),
                container -> container.destroyLater())
            .concatMap(message -> apply(message.getMessage()))
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                    .maxBackoff(Duration.ofSeconds(5))
                    .doBeforeRetry(signal -> failed(signal.failure())))
            .subscribe();
  }

  private Mono<Void> apply(String message) {
    return Mono.fromCallable(() -> json.readValue(message, RevocationEvent.class))
        .flatMap(event -> applier.apply(event, "pubsub", true))
        .onErrorResume(
            ex -> {
              log.warn("ignored a malformed revocation message: {}", ex.getMessage());
              return Mono.empty();
            });
  }

  private void recovered() {
    if (failing.compareAndSet(true, false)) {
      log.info("subscribed again to Redis channel {}", properties.channel());
    }
  }

  private void failed(Throwable ex) {
    if (failing.compareAndSet(false, true)) {
      log.warn(
          "Redis channel {} unavailable ({}); resubscribing, the revocation feed covers the gap",
          properties.channel(),
          ex.toString());
    }
  }

  @Override
  public void stop() {
    Disposable running = subscription;
    if (running != null) {
      running.dispose();
    }
    subscription = null;
  }

  @Override
  public boolean isRunning() {
    return subscription != null;
  }
}
