package dev.gatehouse.gateway.session;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;

/**
 * Session resolution with caching: L1 in-process (Caffeine) → L2 shared (Redis) → auth-service.
 *
 * <ul>
 *   <li>Keys are SHA-256 digests (L1) or HMACs (L2) of the token, never the token.
 *   <li>Concurrent misses for one token share one load: L1 holds the in-flight future.
 *   <li>No entry outlives the session's {@code exp} (RFC 7662 §4); inactive answers are cached
 *       briefly, so a flood of bogus tokens cannot become a flood of database queries.
 *   <li>stale-if-error: when auth-service cannot answer, a session seen active within the grace
 *       window is served again (counted); otherwise the failure propagates and the request gets
 *       503.
 *   <li>A session this instance knows is revoked is inactive, whatever any cache says.
 * </ul>
 */
final class CachingSessionIntrospector implements SessionIntrospector {

  private static final Logger log = LoggerFactory.getLogger(CachingSessionIntrospector.class);

  private final IntrospectionClient client;
  private final SharedIntrospectionCache shared;
  private final RevokedSessions revoked;
  private final Clock clock;
  private final AsyncCache<String, Introspection> l1;
  private final Cache<String, Introspection.Active> lastKnownActive;
  private final Counter hits;
  private final Counter misses;
  private final Counter joins;
  private final Counter staleServed;

  CachingSessionIntrospector(
      IntrospectionClient client,
      SharedIntrospectionCache shared,
      RevokedSessions revoked,
      CacheProperties properties,
      Clock clock,
      MeterRegistry meters) {
    Assert.notNull(client, "client cannot be null");
    Assert.notNull(shared, "shared cannot be null");
    Assert.notNull(revoked, "revoked cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.client = client;
    this.shared = shared;
    this.revoked = revoked;
    this.clock = clock;
    // Lifetimes are computed from the clock (a session's exp): Caffeine measures them by it too.
    ClockTicker ticker = new ClockTicker(clock);
    this.l1 =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(properties.l1MaxSize())
            .expireAfter(
                Expiry.<String, Introspection>creating(
                    (key, value) ->
                        lifetime(value, properties.l1Ttl(), properties.l1NegativeTtl())))
            .buildAsync();
    this.lastKnownActive =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(properties.staleMaxSize())
            .expireAfterWrite(properties.staleIfError())
            .build();
    this.hits = CacheLookups.counter(meters, "l1", "hit");
    this.misses = CacheLookups.counter(meters, "l1", "miss");
    this.joins = CacheLookups.counter(meters, "l1", "join");
    this.staleServed =
        Counter.builder("gatehouse.introspection.stale")
            .description("Sessions served from the stale-if-error window while auth-service failed")
            .register(meters);
  }

  @Override
  public Mono<Introspection> introspect(SessionCredential credential) {
    return Mono.deferContextual(
        context -> {
          AtomicBoolean loaded = new AtomicBoolean();
          CompletableFuture<Introspection> result =
              l1.get(
                  credential.digest(),
                  (digest, executor) -> {
                    loaded.set(true);
                    // The request's context (its observation, hence its trace) goes with the load,
                    // so the introspection call continues the request's trace.
                    return load(credential).contextWrite(context).toFuture();
                  });
          count(loaded.get(), result.isDone());
          // Another request may be waiting on the same future: cancelling this one must not
          // cancel it.
          return Mono.fromFuture(result, true).map(found -> unlessRevoked(credential, found));
        });
  }

  @Override
  public boolean isCached(SessionCredential credential) {
    // An in-flight future counts: a request joining a load adds no call (single flight).
    return l1.getIfPresent(credential.digest()) != null;
  }

  @Override
  public void evict(SessionCredential credential) {
    l1.synchronous().invalidate(credential.digest());
    lastKnownActive.invalidate(credential.digest());
  }

  /**
   * Forgets session {@code sid} at every level, and from now on treats it as inactive. Revocations
   * are rare, so scanning L1 beats keeping a second index in step with it.
   */
  @Override
  public Mono<Boolean> evictSession(String sid) {
    boolean news = revoked.add(sid);
    l1.asMap().values().removeIf(entry -> isSession(entry, sid));
    lastKnownActive.asMap().values().removeIf(active -> active.sid().equals(sid));
    return shared.evictSession(sid).thenReturn(news);
  }

  /**
   * Drops session {@code sid} at every level without a tombstone. A load already in flight may
   * still store the old answer; it lives at most one L1 TTL, the bound of any cached answer.
   */
  @Override
  public Mono<Void> refreshSession(String sid) {
    l1.asMap().values().removeIf(entry -> isSession(entry, sid));
    lastKnownActive.asMap().values().removeIf(active -> active.sid().equals(sid));
    return shared.dropSession(sid);
  }

  private Mono<Introspection> load(SessionCredential credential) {
    return shared
        .get(credential)
        .switchIfEmpty(fromAuthService(credential))
        .doOnNext(found -> remember(credential, found))
        .onErrorResume(
            IntrospectionUnavailableException.class, failure -> staleOr(credential, failure));
  }

  private Mono<Introspection> fromAuthService(SessionCredential credential) {
    return client
        .introspect(credential)
        .flatMap(answer -> shared.put(credential, answer).thenReturn(answer));
  }

  private void remember(SessionCredential credential, Introspection found) {
    if (found instanceof Introspection.Active active && !revoked.contains(active.sid())) {
      lastKnownActive.put(credential.digest(), active);
    }
  }

  private Mono<Introspection> staleOr(
      SessionCredential credential, IntrospectionUnavailableException failure) {
    Introspection.Active stale = lastKnownActive.getIfPresent(credential.digest());
    if (stale == null || revoked.contains(stale.sid()) || stale.isExpiredAt(clock.instant())) {
      return Mono.error(failure);
    }
    staleServed.increment();
    log.warn(
        "auth-service unavailable ({}); serving sid={} from the stale-if-error window",
        failure.getMessage(),
        stale.sid());
    return Mono.just(stale);
  }

  /**
   * A session known to be revoked, or past its absolute expiry, is inactive whatever a cache or
   * even auth-service said a moment ago.
   */
  private Introspection unlessRevoked(SessionCredential credential, Introspection found) {
    if (isRevoked(found) || isExpired(found)) {
      l1.synchronous().invalidate(credential.digest());
      return new Introspection.Inactive();
    }
    return found;
  }

  private boolean isExpired(Introspection found) {
    return found instanceof Introspection.Active active && active.isExpiredAt(clock.instant());
  }

  private boolean isRevoked(Introspection found) {
    return found instanceof Introspection.Active active && revoked.contains(active.sid());
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

  private Duration lifetime(Introspection introspection, Duration activeTtl, Duration negativeTtl) {
    return introspection instanceof Introspection.Active active
        ? active.cacheableFor(activeTtl, clock.instant())
        : negativeTtl;
  }

  private static boolean isSession(CompletableFuture<Introspection> entry, String sid) {
    return entry.isDone()
        && !entry.isCompletedExceptionally()
        && entry.join() instanceof Introspection.Active active
        && active.sid().equals(sid);
  }
}
