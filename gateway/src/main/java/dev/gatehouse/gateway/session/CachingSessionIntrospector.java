package dev.gatehouse.gateway.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Session resolution with caching: L1 in-process (Caffeine) → L2 shared (Redis) → auth-service.
 *
 * <ul>
 *   <li>Keys are SHA-256 digests (L1) or HMACs (L2) of the token and the DBSC bound credential that
 *       came with it, never the token; a cached {@code bound} answer counts as bound only until its
 *       {@code bound_until} ({@link DeviceBinding#asOf}), without a new call.
 *   <li>Concurrent misses for one token share one load: L1 holds the in-flight future.
 *   <li>No entry outlives the session's {@code exp} (RFC 7662 §4); inactive answers are cached
 *       briefly, so a flood of bogus tokens cannot become a flood of database queries.
 *   <li>stale-if-error: when auth-service cannot answer, a session seen active within the grace
 *       window is served again (counted); otherwise the failure propagates and the request gets
 *       503.
 *   <li>A session this instance knows is revoked is inactive, whatever any cache says.
 *   <li>Both levels in this process are indexed by {@code sid} ({@link SessionKeys}), so applying a
 *       revocation touches only that session's entries, never a scan of the cache.
 *   <li>Refresh-ahead ({@link RefreshAhead}): an active answer used near the end of its L1 life is
 *       refreshed in the background while the request is answered from it; a refresh never stores
 *       over an entry that was invalidated meanwhile, and never stores a revoked session.
 * </ul>
 */
final class CachingSessionIntrospector implements SessionIntrospector {

  private static final Logger log = LoggerFactory.getLogger(CachingSessionIntrospector.class);

  private final IntrospectionClient client;
  private final SharedIntrospectionCache shared;
  private final RevokedSessions revoked;
  private final Clock clock;
  private final IndexedL1Cache l1;
  private final RefreshAhead refreshAhead;
  private final StaleIfErrorCache lastKnownActive;
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
    this.refreshAhead =
        new RefreshAhead(properties.l1RefreshAhead(), properties.l1Ttl(), ticker, meters);
    this.l1 =
        new IndexedL1Cache(
            properties.l1MaxSize(),
            ticker,
            value ->
                refreshAhead.entry(
                    value, lifetime(value, properties.l1Ttl(), properties.l1NegativeTtl())));
    this.lastKnownActive =
        new StaleIfErrorCache(properties.staleIfError(), properties.staleMaxSize(), ticker);
    Gauge.builder("gatehouse.introspection.cache.indexed", l1, IndexedL1Cache::indexedSessions)
        .description("Sessions indexed by sid for eviction without scanning, by level")
        .tag("level", "l1")
        .register(meters);
    Gauge.builder(
            "gatehouse.introspection.cache.indexed",
            lastKnownActive,
            StaleIfErrorCache::indexedSessions)
        .description("Sessions indexed by sid for eviction without scanning, by level")
        .tag("level", "stale")
        .register(meters);
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
          CompletableFuture<L1Entry> result =
              l1.get(
                  credential.digest(),
                  digest -> {
                    loaded.set(true);
                    // The request's context (its observation, hence its trace) goes with the load,
                    // so the introspection call continues the request's trace.
                    return load(credential).contextWrite(context).toFuture();
                  });
          count(loaded.get(), result.isDone());
          if (!loaded.get()) {
            refreshIfDue(credential, result, context);
          }
          // Another request may be waiting on the same future: cancelling this one must not
          // cancel it.
          return Mono.fromFuture(result, true)
              .map(found -> unlessRevoked(credential, found.answer()));
        });
  }

  @Override
  public boolean isCached(SessionCredential credential) {
    // An in-flight future counts: a request joining a load adds no call (single flight).
    return l1.contains(credential.digest());
  }

  @Override
  public void evict(SessionCredential credential) {
    l1.invalidate(credential.digest());
    lastKnownActive.invalidate(credential.digest());
    refreshAhead.forget(Set.of(credential.digest()));
  }

  /**
   * Forgets session {@code sid} at every level, and from now on treats it as inactive: only the
   * session's own entries are touched, found through the index.
   */
  @Override
  public Mono<Boolean> evictSession(String sid) {
    boolean news = revoked.add(sid);
    dropFromThisInstance(sid);
    return shared.evictSession(sid).thenReturn(news);
  }

  /**
   * Drops session {@code sid} at every level without a tombstone. A load already in flight may
   * still store the old answer; it lives at most one L1 TTL, the bound of any cached answer.
   */
  @Override
  public Mono<Void> refreshSession(String sid) {
    dropFromThisInstance(sid);
    return shared.dropSession(sid);
  }

  /** Runs pending expiry of both levels now (tests; Caffeine otherwise does it as it is used). */
  void cleanUp() {
    l1.cleanUp();
    lastKnownActive.cleanUp();
  }

  /** Sessions indexed in L1 and in the stale-if-error cache: never more than they hold. */
  int[] indexedSessions() {
    return new int[] {l1.indexedSessions(), lastKnownActive.indexedSessions()};
  }

  /** Drops the completed L1 entries and the stale copies of session {@code sid}. */
  private void dropFromThisInstance(String sid) {
    refreshAhead.forget(l1.invalidateSession(sid));
    lastKnownActive.invalidateSession(sid);
  }

  /**
   * The request-path load (L1 miss): joins a refresh still in flight for this token (its entry
   * expired first), else L2 then auth-service; stale-if-error when neither can answer.
   */
  private Mono<Introspection> load(SessionCredential credential) {
    CompletableFuture<Introspection> refreshing = refreshAhead.inFlight(credential.digest());
    Mono<Introspection> answer =
        refreshing != null ? Mono.fromFuture(refreshing, true) : fetch(credential);
    return answer
        .doOnNext(found -> remember(credential, found))
        .onErrorResume(
            IntrospectionUnavailableException.class, failure -> staleOr(credential, failure));
  }

  private Mono<Introspection> fetch(SessionCredential credential) {
    return shared.get(credential).switchIfEmpty(fromAuthService(credential));
  }

  /**
   * Starts the background refresh of a completed entry that this request is the first to use in its
   * refresh window. The request does not wait for it.
   */
  private void refreshIfDue(
      SessionCredential credential, CompletableFuture<L1Entry> current, ContextView context) {
    L1Entry entry = current.isCompletedExceptionally() ? null : current.getNow(null);
    if (entry == null || !refreshAhead.claim(entry)) {
      return;
    }
    // The trace of the request that started it, so the call shows where it came from.
    refreshAhead.start(
        credential.digest(),
        fetch(credential).contextWrite(context),
        answer -> refreshed(credential, current, answer));
  }

  /**
   * Stores a refreshed answer over the entry it refreshes, unless that entry is gone (revoked,
   * changed, logged out, expired) or the session is known to be revoked: then nothing is stored.
   * Without a failure there is no stale-if-error either: a refresh that fails leaves the entry to
   * expire, and the request path then loads with today's failure handling.
   */
  private void refreshed(
      SessionCredential credential, CompletableFuture<L1Entry> current, Introspection answer) {
    if (isRevoked(answer)) {
      l1.invalidate(credential.digest());
      refreshAhead.count(RefreshAhead.Outcome.DISCARDED);
      return;
    }
    if (!l1.replace(credential.digest(), current, answer)) {
      refreshAhead.count(RefreshAhead.Outcome.DISCARDED);
      return;
    }
    remember(credential, answer);
    refreshAhead.count(
        answer instanceof Introspection.Active
            ? RefreshAhead.Outcome.REFRESHED
            : RefreshAhead.Outcome.INACTIVE);
  }

  private Mono<Introspection> fromAuthService(SessionCredential credential) {
    return client
        .introspect(credential)
        .flatMap(answer -> shared.put(credential, answer).thenReturn(answer));
  }

  /**
   * Keeps an active answer for stale-if-error; an inactive one drops the copy, so a session
   * auth-service has ended is not served again during a later outage.
   */
  private void remember(SessionCredential credential, Introspection found) {
    if (found instanceof Introspection.Active active) {
      if (!revoked.contains(active.sid())) {
        lastKnownActive.put(credential.digest(), active);
      }
    } else {
      lastKnownActive.invalidate(credential.digest());
    }
  }

  private Mono<Introspection> staleOr(
      SessionCredential credential, IntrospectionUnavailableException failure) {
    Introspection.Active stale = lastKnownActive.get(credential.digest());
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
      l1.invalidate(credential.digest());
      return new Introspection.Inactive();
    }
    // DBSC: a cached bound answer is bound only until its credential's bound_until.
    return found instanceof Introspection.Active active ? active.asOf(clock.instant()) : found;
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
}
