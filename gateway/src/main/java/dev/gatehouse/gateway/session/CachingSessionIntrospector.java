package dev.gatehouse.gateway.session;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;

/**
 * The in-process (L1) introspection cache in front of auth-service. Keys are SHA-256 digests of the
 * token, never the token. Concurrent misses for one token share a single introspection call (the
 * cache holds the in-flight future), an entry never outlives the session's {@code exp} (RFC 7662
 * §4), and inactive answers are kept briefly so floods of bogus tokens cannot become floods of
 * database queries. A failed call is not cached.
 */
final class CachingSessionIntrospector implements SessionIntrospector {

  private final IntrospectionClient client;
  private final AsyncCache<String, Introspection> cache;
  private final Counter hits;
  private final Counter misses;
  private final Counter joins;

  CachingSessionIntrospector(
      IntrospectionClient client, CacheProperties properties, Clock clock, MeterRegistry meters) {
    Assert.notNull(client, "client cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    Assert.notNull(meters, "meters cannot be null");
    this.client = client;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(properties.l1MaxSize())
            .expireAfter(
                Expiry.<String, Introspection>creating(
                    (key, value) -> lifetime(value, properties, clock)))
            .buildAsync();
    this.hits = lookups(meters, "hit");
    this.misses = lookups(meters, "miss");
    this.joins = lookups(meters, "join");
  }

  @Override
  public Mono<Introspection> introspect(SessionCredential credential) {
    AtomicBoolean loaded = new AtomicBoolean();
    CompletableFuture<Introspection> result =
        cache.get(
            credential.digest(),
            (digest, executor) -> {
              loaded.set(true);
              return client.introspect(credential).toFuture();
            });
    count(loaded.get(), result.isDone());
    // Another request may be waiting on the same future: cancelling this one must not cancel it.
    return Mono.fromFuture(result, true);
  }

  @Override
  public void evict(SessionCredential credential) {
    cache.synchronous().invalidate(credential.digest());
  }

  private void count(boolean loaded, boolean done) {
    if (loaded) {
      misses.increment();
    } else if (done) {
      hits.increment();
    } else {
      joins.increment();
    }
  }

  private static Duration lifetime(
      Introspection introspection, CacheProperties properties, Clock clock) {
    if (introspection instanceof Introspection.Active active) {
      Duration untilExpiry = Duration.between(clock.instant(), active.expiresAt());
      Duration ttl =
          untilExpiry.compareTo(properties.l1Ttl()) < 0 ? untilExpiry : properties.l1Ttl();
      return ttl.isNegative() ? Duration.ZERO : ttl;
    }
    return properties.l1NegativeTtl();
  }

  private static Counter lookups(MeterRegistry meters, String result) {
    return Counter.builder("gatehouse.introspection.cache")
        .description("Introspection cache lookups by level and result (join = single-flight)")
        .tag("level", "l1")
        .tag("result", result)
        .register(meters);
  }
}
