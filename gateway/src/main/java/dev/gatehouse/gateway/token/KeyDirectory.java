package dev.gatehouse.gateway.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.gatehouse.gateway.session.CacheProperties;
import dev.gatehouse.gateway.system.RedisProperties;
import dev.gatehouse.gateway.system.RedisSeal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 *
 * <p>Every backend trusts what this endpoint lists, so nothing is served from Redis on Redis's
 * word: each entry carries a MAC over its kid, its JWK JSON and its expiry under a key derived from
 * {@code gatehouse.cache.l2-key-secret} ({@link RedisSeal}). An entry whose MAC does not verify, or
 * whose hash field is not its JWK's {@code kid}, is dropped, counted, logged once per kid and
 * deleted at the next heartbeat.
 */
@Component
public final class KeyDirectory implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);
  private static final String HASH = "gatehouse:jwks";
  private static final Duration READ_TIMEOUT = Duration.ofMillis(500);

  /** How often keys are re-published: also how soon they are back after Redis lost its data. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(5);

  /** Bounds the "already warned" memory: a Redis writer cannot grow it without limit. */
  private static final int WARNED_KIDS = 1_000;

  private static final int LOGGED_KID_LENGTH = 64;

  private final SigningKeys keys;
  private final TokenProperties properties;
  private final @Nullable ReactiveStringRedisTemplate redis;
  private final @Nullable RedisSeal seal;
  private final JsonMapper json;
  private final Clock clock;
  private final Duration tick;
  private final Counter forged;
  private final Cache<String, Boolean> warned =
      Caffeine.newBuilder().maximumSize(WARNED_KIDS).expireAfterWrite(Duration.ofHours(1)).build();
  private volatile @Nullable Disposable heartbeat;

  KeyDirectory(
      SigningKeys keys,
      TokenProperties properties,
      RedisProperties redisProperties,
      CacheProperties cacheProperties,
      ObjectProvider<ReactiveStringRedisTemplate> redis,
      JsonMapper json,
      Clock clock,
      MeterRegistry meters) {
    this.keys = keys;
    this.properties = properties;
    this.redis = redisProperties.enabled() ? redis.getObject() : null;
    this.seal =
        redisProperties.enabled()
            ? RedisSeal.forPublishedKeys(
                cacheProperties.requiredL2KeySecret(
                    "authenticates the signing keys published in " + HASH))
            : null;
    this.json = json;
    this.clock = clock;
    this.forged = RedisSeal.failures(meters, "jwks");
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
    if (redis == null || seal == null) {
      return Mono.empty();
    }
    Map<String, Object> jwk = key.toPublicJWK().toJSONObject();
    long expiresAt = until.toEpochMilli();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("jwk", jwk);
    entry.put("expiresAt", expiresAt);
    entry.put(
        "mac", seal.mac(key.getKeyID(), json.writeValueAsString(jwk), Long.toString(expiresAt)));
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
        .filter(entry -> !(read(entry.getKey(), entry.getValue()) instanceof Published.Live))
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
    published.forEach(
        (kid, value) -> {
          if (read(kid, value) instanceof Published.Live live) {
            byKid.putIfAbsent(kid, live.key());
          }
        });
    return new JWKSet(new ArrayList<>(byKid.values()));
  }

  /** What one field of the shared hash holds. */
  private sealed interface Published {

    /** An authentic key that has not expired: the only kind ever served. */
    record Live(JWK key) implements Published {}

    /** An authentic key past its expiry: dropped and removed, as before. */
    record Expired() implements Published {}

    /** Not written by a gateway holding the secret (or tampered with since): refused. */
    record Forged(String reason) implements Published {}
  }

  /**
   * Reads the field {@code kid} of the shared hash. The MAC is checked over a serialization of the
   * very map that is then parsed, so nothing that reaches {@link JWK#parse} escapes it.
   */
  private Published read(String kid, String value) {
    Published published = authenticate(kid, value);
    if (published instanceof Published.Forged forgery) {
      refused(kid, forgery.reason());
    }
    return published;
  }

  private Published authenticate(String kid, String value) {
    RedisSeal verifier = seal;
    if (verifier == null) {
      return new Published.Forged("no secret to check it");
    }
    try {
      Map<?, ?> entry = json.readValue(value, Map.class);
      Object expiresAt = entry.get("expiresAt");
      if (!(entry.get("jwk") instanceof Map<?, ?> jwk) || !(expiresAt instanceof Number millis)) {
        return new Published.Forged("not a published key");
      }
      if (!(entry.get("mac") instanceof String mac)) {
        return new Published.Forged("it carries no MAC");
      }
      if (!verifier.verify(mac, kid, json.writeValueAsString(jwk), expiresAt.toString())) {
        return new Published.Forged("its MAC does not verify");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> members = (Map<String, Object>) jwk;
      JWK key = JWK.parse(members).toPublicJWK();
      if (!kid.equals(key.getKeyID())) {
        return new Published.Forged("its field name is not its kid");
      }
      return Instant.ofEpochMilli(millis.longValue()).isAfter(clock.instant())
          ? new Published.Live(key)
          : new Published.Expired();
    } catch (ParseException | RuntimeException ex) {
      return new Published.Forged("unreadable");
    }
  }

  /** Counts every refusal; warns once per kid (per hour), so a JWKS poll cannot flood the log. */
  private void refused(String kid, String reason) {
    forged.increment();
    String shown = printable(kid);
    if (warned.asMap().putIfAbsent(shown, Boolean.TRUE) == null) {
      log.warn(
          "published key kid={} in {} refused: {}; not served, removed at the next heartbeat",
          shown,
          HASH,
          reason);
    }
  }

  /** A field name is whatever a Redis writer chose: keep it short and on one line in the log. */
  private static String printable(String kid) {
    String shown = kid.length() > LOGGED_KID_LENGTH ? kid.substring(0, LOGGED_KID_LENGTH) : kid;
    return shown
        .codePoints()
        .map(c -> c >= 0x20 && c < 0x7f ? c : '?')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
