package dev.gatehouse.gateway.session;

import dev.gatehouse.gateway.system.RedisSeal;
import dev.gatehouse.protocol.IntrospectionResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared L2 introspection cache in Redis. Keys are {@code HMAC-SHA256(l2-key-secret, token)}
 * (with the DBSC bound credential after the token when one came), never the token; values are the
 * RFC 7662 JSON (identity only, no token), sealed as {@code v1.<mac>.<written-at>.<json>} with a
 * MAC over the Redis key, the time of writing and the JSON ({@link RedisSeal}), so that whoever can
 * write to Redis without the secret can neither change a session's identity or roles, nor move
 * another session's entry under this key, nor put back an entry it saved earlier: such a value is a
 * miss (counted and logged), the session is introspected at auth-service as usual and the entry
 * overwritten. An index set per session lets a revocation delete every key of that session, and a
 * tombstone keeps an introspection that was in flight during the revocation from writing the
 * session back: a writer stores, indexes, then checks the tombstone; a revoker sets the tombstone,
 * then deletes what the index names. Whatever the interleaving, one of the two removes the entry.
 */
final class RedisIntrospectionCache implements SharedIntrospectionCache {

  private static final Logger log = LoggerFactory.getLogger(RedisIntrospectionCache.class);
  private static final String ENTRY = "gatehouse:introspection:";
  private static final String INDEX = "gatehouse:session-keys:";
  private static final String TOMBSTONE = "gatehouse:revoked:";

  /** How far instances' clocks may disagree about when a value was written. */
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

  private final ReactiveStringRedisTemplate redis;
  private final JsonMapper json;
  private final CacheProperties properties;
  private final Clock clock;
  private final SecretKeySpec hmacKey;
  private final RedisSeal seal;
  private final Counter hits;
  private final Counter misses;
  private final Counter errors;
  private final Counter forged;

  RedisIntrospectionCache(
      ReactiveStringRedisTemplate redis,
      JsonMapper json,
      CacheProperties properties,
      Clock clock,
      MeterRegistry meters) {
    Assert.notNull(redis, "redis cannot be null");
    String secret = properties.requiredL2KeySecret("keys and authenticates the shared L2 cache");
    this.redis = redis;
    this.json = json;
    this.properties = properties;
    this.clock = clock;
    this.hmacKey = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    this.seal = RedisSeal.forL2Values(secret);
    this.hits = CacheLookups.counter(meters, "l2", "hit");
    this.misses = CacheLookups.counter(meters, "l2", "miss");
    this.errors = CacheLookups.counter(meters, "l2", "error");
    this.forged = RedisSeal.failures(meters, "l2");
  }

  @Override
  public Mono<Introspection> get(SessionCredential credential) {
    String entry = ENTRY + key(credential);
    return redis
        .opsForValue()
        .get(entry)
        .timeout(properties.l2Timeout())
        .mapNotNull(value -> authentic(entry, value))
        .map(
            value ->
                IntrospectionResponses.read(json.readValue(value, IntrospectionResponse.class)))
        .doOnNext(found -> hits.increment())
        .switchIfEmpty(Mono.fromRunnable(misses::increment))
        .onErrorResume(this::unavailable);
  }

  @Override
  public Mono<Void> put(SessionCredential credential, Introspection introspection) {
    Duration ttl = ttl(introspection);
    if (ttl.isZero()) {
      return Mono.empty();
    }
    String key = key(credential);
    String value =
        seal.seal(
            ENTRY + key,
            json.writeValueAsString(IntrospectionResponses.of(introspection)),
            clock.instant());
    Mono<Boolean> store = redis.opsForValue().set(ENTRY + key, value, ttl);
    if (!(introspection instanceof Introspection.Active active)) {
      return store.timeout(properties.l2Timeout()).then().onErrorResume(this::unavailable);
    }
    String index = INDEX + active.sid();
    return store
        .then(redis.opsForSet().add(index, key))
        .then(redis.expire(index, properties.l2Ttl().plusSeconds(5)))
        .then(redis.hasKey(TOMBSTONE + active.sid()))
        .flatMap(revoked -> revoked ? redis.delete(ENTRY + key).then() : Mono.<Void>empty())
        .timeout(properties.l2Timeout().multipliedBy(4))
        .onErrorResume(this::unavailable);
  }

  @Override
  public Mono<Void> evictSession(String sid) {
    String index = INDEX + sid;
    return redis
        .opsForValue()
        .set(TOMBSTONE + sid, "1", properties.l2Ttl().plusSeconds(5))
        .thenMany(redis.opsForSet().members(index))
        .map(key -> ENTRY + key)
        .concatWithValues(index)
        .collectList()
        .flatMap(keys -> redis.delete(keys.toArray(String[]::new)))
        .then()
        .timeout(Duration.ofSeconds(2))
        .onErrorResume(this::unavailable);
  }

  @Override
  public Mono<Void> dropSession(String sid) {
    String index = INDEX + sid;
    return redis
        .opsForSet()
        .members(index)
        .map(key -> ENTRY + key)
        .concatWithValues(index)
        .collectList()
        .flatMap(keys -> redis.delete(keys.toArray(String[]::new)))
        .then()
        .timeout(Duration.ofSeconds(2))
        .onErrorResume(this::unavailable);
  }

  /**
   * The Redis key of a credential: hex HMAC-SHA256 with the shared secret of the token, and of the
   * DBSC bound credential after it when one came. Without one the key is the token's alone, as
   * before binding existed, so instances of both versions share entries during a rolling upgrade.
   */
  String key(SessionCredential credential) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(hmacKey);
      mac.update(credential.value().getBytes(StandardCharsets.US_ASCII));
      String bound = credential.boundCredential();
      if (bound != null) {
        // '\n' is in neither a token nor a cookie value: no two (token, credential) pairs meet.
        mac.update((byte) '\n');
        mac.update(bound.getBytes(StandardCharsets.US_ASCII));
      }
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (java.security.GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
    }
  }

  /**
   * The JSON of a value sealed for {@code entry}, or null (a miss) when its MAC is missing or
   * wrong, or when it was written longer ago than any entry lives: a genuine value saved by a Redis
   * writer and put back later (after a revocation, say) would otherwise be served until the
   * session's {@code exp}. The log names at most the first 8 hex characters of the key: enough to
   * correlate, not enough to matter.
   */
  private @Nullable String authentic(String entry, String value) {
    RedisSeal.Sealed opened = seal.open(entry, value);
    String refused =
        opened == null
            ? (RedisSeal.isSealed(value) ? "its MAC does not verify" : "it carries no MAC")
            : (isFresh(opened.writtenAt()) ? null : "it was written " + opened.writtenAt());
    if (refused != null) {
      forged.increment();
      log.warn(
          "L2 entry {}{}… refused: {}; treated as a miss, introspecting again",
          ENTRY,
          entry.substring(ENTRY.length(), ENTRY.length() + 8),
          refused);
      return null;
    }
    return opened.value();
  }

  /** Written no longer ago than the longest L2 lifetime, and not in the future. */
  private boolean isFresh(Instant writtenAt) {
    Instant now = clock.instant();
    Duration longest = maxOf(properties.l2Ttl(), properties.l2NegativeTtl()).plus(CLOCK_SKEW);
    return !writtenAt.isBefore(now.minus(longest)) && !writtenAt.isAfter(now.plus(CLOCK_SKEW));
  }

  private static Duration maxOf(Duration one, Duration other) {
    return one.compareTo(other) >= 0 ? one : other;
  }

  private Duration ttl(Introspection introspection) {
    if (introspection instanceof Introspection.Active active) {
      Duration ttl = active.cacheableFor(properties.l2Ttl(), clock.instant());
      // Redis expiry has millisecond precision; below that, do not store.
      return ttl.toMillis() < 1 ? Duration.ZERO : ttl;
    }
    return properties.l2NegativeTtl();
  }

  private <T> Mono<T> unavailable(Throwable ex) {
    errors.increment();
    log.debug("Redis unavailable for the L2 cache: {}", ex.toString());
    return Mono.empty();
  }
}
