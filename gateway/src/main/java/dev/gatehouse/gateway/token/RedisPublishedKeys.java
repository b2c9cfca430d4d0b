package dev.gatehouse.gateway.token;

import com.nimbusds.jose.jwk.JWK;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.Assert;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The shared key directory in the Redis hash {@code gatehouse:jwks}: field = kid, value = a sealed
 * entry ({@link SealedKeyEntries}) with an expiry each instance keeps pushing forward while alive.
 * Redis is never trusted: only authentic, unexpired entries are served; the others are removed at
 * the next heartbeat.
 */
final class RedisPublishedKeys implements PublishedKeys {

  static final String HASH = "gatehouse:jwks";

  private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);

  /**
   * Far below the 500 ms read timeout of the JWKS clients (Spring Security's {@code
   * NimbusJwtDecoder} in demo-backend and auth-service): with Redis hung, {@code
   * /.well-known/jwks.json} still answers with the local keys in time. At 500 ms it answered in 531
   * ms and auth-service's {@code /logout} failed with 500 ({@code DependencyFaultsE2ETests}, Redis
   * frozen).
   */
  private static final Duration READ_TIMEOUT = Duration.ofMillis(100);

  private final ReactiveStringRedisTemplate redis;
  private final SealedKeyEntries entries;

  RedisPublishedKeys(ReactiveStringRedisTemplate redis, SealedKeyEntries entries) {
    Assert.notNull(redis, "redis cannot be null");
    Assert.notNull(entries, "entries cannot be null");
    this.redis = redis;
    this.entries = entries;
  }

  @Override
  public Mono<List<JWK>> live() {
    return redis
        .<String, String>opsForHash()
        .entries(HASH)
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .timeout(READ_TIMEOUT)
        .map(
            published ->
                published.entrySet().stream()
                    .map(entry -> entries.read(entry.getKey(), entry.getValue()))
                    .<JWK>mapMulti(
                        (read, live) -> {
                          if (read instanceof SealedKeyEntries.Published.Live key) {
                            live.accept(key.key());
                          }
                        })
                    .toList());
  }

  @Override
  public Mono<Boolean> publish(JWK key, Instant until) {
    return redis
        .<String, String>opsForHash()
        .put(HASH, key.getKeyID(), entries.write(key, until))
        // HSET answers whether the field is new; either way the entry is written now.
        .thenReturn(true)
        .timeout(READ_TIMEOUT)
        .onErrorResume(
            ex -> {
              log.debug(
                  "could not publish key {} to the shared JWKS: {}", key.getKeyID(), ex.toString());
              return Mono.just(false);
            });
  }

  @Override
  public Mono<Void> refresh(List<JWK> keys, Instant until) {
    return Flux.fromIterable(keys).concatMap(key -> publish(key, until)).then(removeExpired());
  }

  private Mono<Void> removeExpired() {
    return redis
        .<String, String>opsForHash()
        .entries(HASH)
        .filter(
            entry ->
                !(entries.read(entry.getKey(), entry.getValue())
                    instanceof SealedKeyEntries.Published.Live))
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

  @Override
  public String toString() {
    return "PublishedKeys[redis hash " + HASH + "]";
  }
}
