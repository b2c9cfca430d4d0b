package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Eviction by session id without scanning: with 100 000 sessions cached in L1 and in the
 * stale-if-error cache, applying one revocation touches that session's entries only (the other 99
 * 999 stay cached, the index shrinks by exactly one per level), and the index never outgrows the
 * caches — it shrinks to zero when every entry has expired or was pushed out by size. The timing
 * against the scan it replaces is printed for the README, never asserted.
 */
class SessionIndexTests {

  static final int SESSIONS = 100_000;
  static final Duration L1_TTL = Duration.ofSeconds(5);
  static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);

  final TestClock clock = new TestClock(Instant.parse("2026-12-01T12:00:00Z"));
  final IntrospectionClient authService = mock(IntrospectionClient.class);
  final Map<String, Introspection.Active> sessionsByDigest = new ConcurrentHashMap<>();

  @Test
  void evictSessionWhen100000SessionsCachedThenOnlyThatSessionsEntriesAreTouched() {
    CachingSessionIntrospector introspector = introspector(SESSIONS);
    List<SessionCredential> credentials = cache(introspector, SESSIONS);
    assertThat(introspector.indexedSessions()).containsExactly(SESSIONS, SESSIONS);
    SessionCredential revoked = credentials.get(42);

    introspector.evictSession(sessionsByDigest.get(revoked.digest()).sid()).block();

    assertThat(introspector.isCached(revoked)).isFalse();
    assertThat(introspector.indexedSessions()).containsExactly(SESSIONS - 1, SESSIONS - 1);
    assertThat(credentials).filteredOn(introspector::isCached).hasSize(SESSIONS - 1);
  }

  @Test
  void indexWhenEveryEntryExpiresThenShrinksToZero() {
    CachingSessionIntrospector introspector = introspector(SESSIONS);
    cache(introspector, SESSIONS);

    clock.advance(L1_TTL);
    introspector.cleanUp();
    assertThat(introspector.indexedSessions())
        .as("L1 expired, stale copies kept")
        .containsExactly(0, SESSIONS);
    clock.advance(STALE_IF_ERROR);
    introspector.cleanUp();

    assertThat(introspector.indexedSessions()).containsExactly(0, 0);
  }

  @Test
  void indexWhenEntriesArePushedOutBySizeThenNeverHoldsMoreThanTheCache() {
    CachingSessionIntrospector introspector = introspector(1_000);
    cache(introspector, 10_000);

    introspector.cleanUp();

    int[] indexed = introspector.indexedSessions();
    assertThat(indexed[0]).isBetween(1, 1_000);
    assertThat(indexed[1]).isBetween(1, 1_000);
  }

  @Test
  void evictWhenLoggedOutOrRefreshedThenIndexForgetsTheSession() {
    CachingSessionIntrospector introspector = introspector(100);
    List<SessionCredential> credentials = cache(introspector, 3);

    introspector.evict(credentials.get(0));
    introspector.refreshSession(sessionsByDigest.get(credentials.get(1).digest()).sid()).block();

    assertThat(introspector.indexedSessions()).containsExactly(1, 1);
  }

  @Test
  void indexWhenLoadCompletesAfterItsEntryWasEvictedThenNotIndexed() {
    CachingSessionIntrospector introspector = introspector(100);
    SessionCredential credential = newCredential();
    Sinks.One<Introspection> answer = Sinks.one();
    when(authService.introspect(credential)).thenReturn(answer.asMono());
    CompletableFuture<Introspection> pending = introspector.introspect(credential).toFuture();

    introspector.evict(credential);
    answer.tryEmitValue(sessionsByDigest.get(credential.digest()));

    assertThat(pending).isCompleted();
    assertThat(introspector.indexedSessions()[0]).as("L1 holds nothing, indexes nothing").isZero();
  }

  /**
   * One-off measurement for the README: one revocation by index against the scan it replaces
   * ({@code removeIf} over every entry), each with 100 000 sessions cached. Printed, not asserted.
   */
  @Test
  void measureEvictionByIndexAgainstAScan() {
    CachingSessionIntrospector introspector = introspector(SESSIONS);
    List<SessionCredential> credentials = cache(introspector, SESSIONS);
    AsyncCache<String, Introspection> scanned = Caffeine.newBuilder().buildAsync();
    sessionsByDigest.forEach(
        (digest, active) -> scanned.put(digest, CompletableFuture.completedFuture(active)));

    int rounds = 20;
    long indexed = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      introspector.evictSession(sessionsByDigest.get(credentials.get(i).digest()).sid()).block();
    }
    indexed = System.nanoTime() - indexed;
    long scan = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      String sid = sessionsByDigest.get(credentials.get(rounds + i).digest()).sid();
      scanned.asMap().values().removeIf(entry -> isSession(entry, sid));
    }
    scan = System.nanoTime() - scan;

    System.out.printf(
        "eviction of one session among %d cached (L1 + stale-if-error): by index %.1f µs,"
            + " L1 scan alone %.1f µs (mean of %d)%n",
        SESSIONS, indexed / 1e3 / rounds, scan / 1e3 / rounds, rounds);
    assertThat(introspector.indexedSessions())
        .containsExactly(SESSIONS - rounds, SESSIONS - rounds);
  }

  private static boolean isSession(CompletableFuture<Introspection> entry, String sid) {
    return entry.isDone()
        && entry.join() instanceof Introspection.Active active
        && active.sid().equals(sid);
  }

  private List<SessionCredential> cache(CachingSessionIntrospector introspector, int count) {
    when(authService.introspect(any()))
        .thenAnswer(
            call ->
                Mono.just(
                    sessionsByDigest.get(((SessionCredential) call.getArgument(0)).digest())));
    List<SessionCredential> credentials = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SessionCredential credential = newCredential();
      introspector.introspect(credential).block();
      credentials.add(credential);
    }
    return credentials;
  }

  private SessionCredential newCredential() {
    SessionCredential credential =
        SessionCredential.of(TestSessions.newToken(), SessionCredential.Source.COOKIE);
    Instant now = clock.instant();
    sessionsByDigest.put(
        credential.digest(),
        new Introspection.Active(
            UUID.randomUUID().toString(),
            "alice",
            UUID.randomUUID().toString(),
            List.of("user"),
            now,
            now.plus(Duration.ofHours(8)),
            now));
    return credential;
  }

  private CachingSessionIntrospector introspector(long maxSize) {
    return new CachingSessionIntrospector(
        authService,
        SharedIntrospectionCache.NONE,
        new RevokedSessions(Duration.ofMinutes(15), new ClockTicker(clock)),
        new CacheProperties(
            L1_TTL,
            Duration.ofSeconds(2),
            maxSize,
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            null,
            STALE_IF_ERROR,
            maxSize,
            20),
        clock,
        new SimpleMeterRegistry());
  }
}
