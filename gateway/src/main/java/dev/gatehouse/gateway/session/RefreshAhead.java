package dev.gatehouse.gateway.session;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Refresh-ahead for L1 ({@code gatehouse.cache.l1-refresh-ahead}): an active answer used in the
 * last percent of its life is refreshed in the background, so a session in use never waits for
 * auth-service while its cached answer is still valid; no answer is served past its TTL either way.
 *
 * <p>Why not Caffeine's {@code refreshAfterWrite}: it reloads from the key, and L1 keys are token
 * digests — the token itself exists only in the request. So the request that finds its entry due
 * starts the refresh with its own credential and is answered from the entry without waiting. Only
 * used entries are refreshed (an idle session costs nothing), each entry at most once (single
 * flight per key), and a load that finds the entry expired while its refresh is still in flight
 * joins that refresh instead of calling again.
 */
final class RefreshAhead {

  private static final Logger log = LoggerFactory.getLogger(RefreshAhead.class);

  /** What became of a refresh, for {@code gatehouse.introspection.refreshes{outcome}}. */
  enum Outcome {
    /** The entry was replaced by the fresh active answer. */
    REFRESHED,
    /** The session is no longer active: its active answer is gone, the inactive one replaces it. */
    INACTIVE,
    /** The entry was invalidated, expired or pushed out meanwhile: the answer was not stored. */
    DISCARDED,
    /** L2 and auth-service gave no answer: the entry is served until it expires, as before. */
    FAILED
  }

  private final int percent;
  private final Duration activeTtl;
  private final Ticker ticker;
  private final ConcurrentMap<String, CompletableFuture<Introspection>> inFlight =
      new ConcurrentHashMap<>();
  private final Counter[] outcomes = new Counter[Outcome.values().length];

  /**
   * @param percent the window, in percent of {@code activeTtl}; 0 turns refresh-ahead off
   * @param activeTtl the L1 lifetime of an active answer ({@code l1-ttl})
   */
  RefreshAhead(int percent, Duration activeTtl, Ticker ticker, MeterRegistry meters) {
    this.percent = percent;
    this.activeTtl = activeTtl;
    this.ticker = ticker;
    for (Outcome outcome : Outcome.values()) {
      outcomes[outcome.ordinal()] =
          Counter.builder("gatehouse.introspection.refreshes")
              .description("Background refreshes of L1 answers still in use, by outcome")
              .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
              .register(meters);
    }
  }

  /**
   * The L1 entry for {@code answer}, stored now for {@code lifetime}. Due for a refresh only when
   * active and kept for the full {@code l1-ttl}: an answer cut short by the session's {@code exp}
   * could not be extended by a refresh, and inactive answers are never refreshed (a flood of bogus
   * tokens must not become a flood of refreshes).
   */
  L1Entry entry(Introspection answer, Duration lifetime) {
    if (percent == 0
        || !(answer instanceof Introspection.Active)
        || lifetime.compareTo(activeTtl) < 0) {
      return new L1Entry(answer, lifetime, L1Entry.NEVER);
    }
    long life = lifetime.toNanos();
    return new L1Entry(answer, lifetime, ticker.read() + life - life / 100 * percent);
  }

  /** Whether the caller, using {@code entry} now, is the one to refresh it. */
  boolean claim(L1Entry entry) {
    return entry.claimRefresh(ticker.read());
  }

  /**
   * Subscribes to {@code fetch} in the background and hands its answer to {@code onAnswer}; a
   * failure is counted and logged, never thrown into any request. Returns at once.
   */
  void start(String digest, Mono<Introspection> fetch, Consumer<Introspection> onAnswer) {
    CompletableFuture<Introspection> refresh = fetch.toFuture();
    inFlight.put(digest, refresh);
    refresh.whenComplete(
        (answer, failure) -> {
          inFlight.remove(digest, refresh);
          if (failure != null || answer == null) {
            count(Outcome.FAILED);
            log.debug(
                "background refresh failed, serving until expiry: {}",
                failure == null ? "no answer" : failure.toString());
          } else {
            try {
              onAnswer.accept(answer);
            } catch (RuntimeException ex) {
              // whenComplete would swallow it: say so instead of losing the refresh silently.
              count(Outcome.FAILED);
              log.warn("storing a background refresh failed", ex);
            }
          }
        });
  }

  /** The refresh in flight for {@code digest}, for a load to join, or null. */
  @Nullable CompletableFuture<Introspection> inFlight(String digest) {
    return inFlight.get(digest);
  }

  /**
   * Stops loads from joining the refreshes in flight for these digests (their session was revoked
   * or changed); such a refresh still completes, but finds its entry gone and stores nothing.
   */
  void forget(Collection<String> digests) {
    for (String digest : digests) {
      inFlight.remove(digest);
    }
  }

  void count(Outcome outcome) {
    outcomes[outcome.ordinal()].increment();
  }
}
