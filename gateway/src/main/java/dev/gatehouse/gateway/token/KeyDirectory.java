package dev.gatehouse.gateway.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.gatehouse.gateway.system.RedisProperties;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JWK Set every instance serves. Each instance publishes its public keys in the Redis hash
 * {@code gatehouse:jwks} (with an expiry it keeps pushing forward while alive) so that any
 * instance's {@code /.well-known/jwks.json} lists the keys of all live instances: a backend may
 * fetch the JWKS from one instance and receive a token minted by another. Without Redis, an
 * instance serves its own keys. Also drives key rotation: a new key is published before it signs
 * anything.
 */
@Component
public final class KeyDirectory implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);
  private static final String HASH = "gatehouse:jwks";
  private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

  /** How often keys are re-published: also how soon they are back after Redis lost its data. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  private final SigningKeys keys;
  private final TokenProperties properties;
  private final @Nullable ReactiveStringRedisTemplate redis;
  private final JsonMapper json;
  private final Clock clock;
  private final Duration tick;
  private volatile @Nullable Disposable heartbeat;

  KeyDirectory(
      SigningKeys keys,
      TokenProperties properties,
      RedisProperties redisProperties,
      ObjectProvider<ReactiveStringRedisTemplate> redis,
      JsonMapper json,
      Clock clock) {
    this.keys = keys;
    this.properties = properties;
    this.redis = redisProperties.enabled() ? redis.getObject() : null;
    this.json = json;
    this.clock = clock;
    Duration half = properties.keyRotation().dividedBy(2);
    this.tick = half.compareTo(HEARTBEAT) < 0 ? half : HEARTBEAT;
  }

  /** This instance's keys and, with Redis, those every live instance published. */
  public Mono<JWKSet> jwks() {
    List<JWK> local = keys.publicKeys();
    if (redis == null) {
      return Mono.just(new JWKSet(local));
    }
    return redis
        .<String, String>opsForHash()
        .entries(HASH)
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .timeout(READ_TIMEOUT)
        .map(published -> merge(local, published))
        .onErrorResume(
            ex -> {
              log.debug("shared JWKS unavailable, serving local keys: {}", ex.toString());
              return Mono.just(new JWKSet(local));
            });
  }

  @Override
  public void start() {
    heartbeat =
        Flux.interval(Duration.ZERO, tick, Schedulers.parallel())
            .onBackpressureDrop()
            .concatMap(beat -> rotateIfDue().then(publish()), 1)
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
   * {@code gatehouse.token.key-overlap}. Also runs on its own every {@code key-rotation}.
   */
  public Mono<Void> rotate() {
    SigningKeys.SigningKey next = keys.next();
    return publish(next.key().toPublicJWK(), clock.instant().plus(liveKeyExpiry()))
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

  /** Pushes the expiry of this instance's keys forward in the shared directory. */
  private Mono<Void> publish() {
    if (redis == null) {
      return Mono.empty();
    }
    Instant until = clock.instant().plus(liveKeyExpiry());
    return Flux.fromIterable(keys.publicKeys())
        .concatMap(key -> publish(key, until))
        .then(removeExpired());
  }

  private Mono<Void> publish(JWK key, Instant until) {
    if (redis == null) {
      return Mono.empty();
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("jwk", key.toPublicJWK().toJSONObject());
    entry.put("expiresAt", until.toEpochMilli());
    return redis
        .<String, String>opsForHash()
        .put(HASH, key.getKeyID(), json.writeValueAsString(entry))
        .timeout(READ_TIMEOUT)
        .then()
        .onErrorResume(
            ex -> {
              log.debug(
                  "could not publish key {} to the shared JWKS: {}", key.getKeyID(), ex.toString());
              return Mono.empty();
            });
  }

  private Mono<Void> removeExpired() {
    if (redis == null) {
      return Mono.empty();
    }
    return redis
        .<String, String>opsForHash()
        .entries(HASH)
        .filter(entry -> parse(entry.getValue()) == null)
        .map(Map.Entry::getKey)
        .collectList()
        .flatMap(
            expired ->
                expired.isEmpty()
                    ? Mono.empty()
                    : redis.opsForHash().remove(HASH, expired.toArray()).then())
        .timeout(READ_TIMEOUT)
        .onErrorResume(ex -> Mono.empty());
  }

  /**
   * A live key stays published for three heartbeats past the last one, plus the token lifetime and
   * a minute of clock skew: after an instance dies, tokens it signed still verify until they
   * expire.
   */
  private Duration liveKeyExpiry() {
    return tick.multipliedBy(3).plus(properties.ttl()).plusSeconds(60);
  }

  private JWKSet merge(List<JWK> local, Map<String, String> published) {
    Map<String, JWK> byKid = new LinkedHashMap<>();
    local.forEach(key -> byKid.put(key.getKeyID(), key));
    published.values().stream()
        .map(this::parse)
        .filter(java.util.Objects::nonNull)
        .forEach(key -> byKid.putIfAbsent(key.getKeyID(), key));
    return new JWKSet(new ArrayList<>(byKid.values()));
  }

  /** A published key that has not expired, or null. Only public members are ever read back. */
  private @Nullable JWK parse(String value) {
    try {
      Map<?, ?> entry = json.readValue(value, Map.class);
      Object expiresAt = entry.get("expiresAt");
      if (!(expiresAt instanceof Number millis)
          || !Instant.ofEpochMilli(millis.longValue()).isAfter(clock.instant())
          || !(entry.get("jwk") instanceof Map<?, ?> jwk)) {
        return null;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> members = (Map<String, Object>) jwk;
      return JWK.parse(members).toPublicJWK();
    } catch (ParseException | RuntimeException ex) {
      return null;
    }
  }
}
