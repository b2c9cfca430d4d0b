package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Refresh-ahead ({@code gatehouse.cache.l1-refresh-ahead}, here the default 20 %): a session in use
 * is refreshed in the background during the last second of its 5 s L1 life and its requests never
 * wait for auth-service, while every staleness rule stays as it was — no answer served past its
 * TTL, a revocation or account change during a refresh wins, an inactive answer ends the session, a
 * failed refresh changes nothing. Time is the injected {@link TestClock} (Caffeine's ticker reads
 * it too); auth-service answers are held in {@link Sinks} to show who waits.
 */
class RefreshAheadTests {

  static final Duration L1_TTL = Duration.ofSeconds(5);
  static final Duration WINDOW_START = Duration.ofSeconds(4);
  static final Duration L1_NEGATIVE_TTL = Duration.ofSeconds(2);
  static final Duration MILLI = Duration.ofMillis(1);

  final TestClock clock = new TestClock(Instant.parse("2026-12-01T12:00:00Z"));
  final MeterRegistry meters = new SimpleMeterRegistry();
  final IntrospectionClient authService = mock(IntrospectionClient.class);
  final SessionCredential credential =
      SessionCredential.of(TestSessions.newToken(), SessionCredential.Source.COOKIE);
  final CachingSessionIntrospector introspector =
      new CachingSessionIntrospector(
          authService,
          SharedIntrospectionCache.NONE,
          new RevokedSessions(Duration.ofMinutes(15), new ClockTicker(clock)),
          new CacheProperties(
              L1_TTL,
              L1_NEGATIVE_TTL,
              100,
              Duration.ofSeconds(60),
              Duration.ofSeconds(5),
              Duration.ofMillis(100),
              null,
              Duration.ofMinutes(5),
              100,
              20),
          clock,
          meters);
  final Introspection.Active alice = session(List.of("user"));

  @Test
  void introspectWhenUsedInRefreshWindowThenAnsweredAtOnceAndRefreshedOnceInBackground() {
    Sinks.One<Introspection> held = Sinks.one();
    when(authService.introspect(credential)).thenReturn(Mono.just(alice), held.asMono());
    introspect();

    clock.advance(WINDOW_START.minus(MILLI));
    assertThat(introspect()).isEqualTo(alice);
    verify(authService, times(1)).introspect(credential);
    clock.advance(MILLI);
    List<CompletableFuture<Introspection>> requests =
        List.of(start(), start(), start(), start(), start());

    assertThat(requests)
        .as("answered from the entry while the refresh is held at auth-service")
        .allSatisfy(request -> assertThat(request).isCompletedWithValue(alice));
    verify(authService, times(2)).introspect(credential);
    assertThat(lookups("hit")).isEqualTo(6);
    assertThat(lookups("miss")).isEqualTo(1);
  }

  @Test
  void introspectWhenRefreshedThenNewAnswerServedForAFullTtlFromTheRefresh() {
    Introspection.Active promoted = session(List.of("user", "admin"));
    when(authService.introspect(credential)).thenReturn(Mono.just(alice), Mono.just(promoted));
    introspect();
    clock.advance(WINDOW_START);

    assertThat(introspect()).as("the request that starts the refresh").isEqualTo(alice);
    assertThat(introspect()).isEqualTo(promoted);
    assertThat(introspector.indexedSessions()[0]).as("still indexed once").isEqualTo(1);
    clock.advance(L1_TTL.minus(MILLI));
    assertThat(introspector.isCached(credential)).isTrue();
    clock.advance(MILLI);
    assertThat(introspector.isCached(credential)).as("expiry stays hard").isFalse();
    verify(authService, times(2)).introspect(credential);
    assertThat(refreshes("refreshed")).isEqualTo(1);
  }

  @Test
  void introspectWhenSessionNotUsedThenNeverRefreshed() {
    when(authService.introspect(credential)).thenReturn(Mono.just(alice));
    introspect();

    for (int second = 1; second <= 30; second++) {
      clock.advance(Duration.ofSeconds(1));
      introspector.cleanUp();
    }

    assertThat(introspector.isCached(credential)).isFalse();
    verify(authService, times(1)).introspect(credential);
  }

  @Test
  void introspectWhenEntryExpiresWhileItsRefreshIsInFlightThenWaitsForThatRefresh() {
    Sinks.One<Introspection> held = Sinks.one();
    Introspection.Active promoted = session(List.of("user", "admin"));
    when(authService.introspect(credential)).thenReturn(Mono.just(alice), held.asMono());
    introspect();
    clock.advance(WINDOW_START);
    introspect();

    clock.advance(L1_TTL.minus(WINDOW_START));
    CompletableFuture<Introspection> afterExpiry = start();

    assertThat(afterExpiry).as("never served past its TTL").isNotDone();
    held.tryEmitValue(promoted);
    assertThat(afterExpiry).isCompletedWithValue(promoted);
    verify(authService, times(2).description("joined the refresh, single flight"))
        .introspect(credential);
  }

  @Test
  void introspectWhenSessionRevokedWhileRefreshInFlightThenRefreshedAnswerNeverStored() {
    Sinks.One<Introspection> held = Sinks.one();
    when(authService.introspect(credential))
        .thenReturn(Mono.just(alice), held.asMono(), Mono.just(alice));
    introspect();
    clock.advance(WINDOW_START);
    introspect();

    introspector.evictSession(alice.sid()).block();
    held.tryEmitValue(alice);

    assertThat(introspector.isCached(credential)).as("not re-inserted").isFalse();
    assertThat(refreshes("discarded")).isEqualTo(1);
    assertThat(introspect()).isInstanceOf(Introspection.Inactive.class);
    assertThat(introspector.indexedSessions()).containsExactly(0, 0);
  }

  @Test
  void introspectWhenRolesChangeWhileRefreshInFlightThenOldRolesNotBroughtBack() {
    Sinks.One<Introspection> held = Sinks.one();
    Introspection.Active demoted = session(List.of());
    when(authService.introspect(credential))
        .thenReturn(Mono.just(alice), held.asMono(), Mono.just(demoted));
    introspect();
    clock.advance(WINDOW_START);
    introspect();

    introspector.refreshSession(alice.sid()).block();
    held.tryEmitValue(alice);

    assertThat(introspect()).as("asked afresh, not the refresh that raced").isEqualTo(demoted);
    verify(authService, times(3)).introspect(credential);
    assertThat(refreshes("discarded")).isEqualTo(1);
  }

  @Test
  void introspectWhenRefreshAnswersInactiveThenSessionEndsAndNoStaleCopyIsKept() {
    when(authService.introspect(credential))
        .thenReturn(
            Mono.just(alice),
            Mono.just(new Introspection.Inactive()),
            Mono.error(new IntrospectionUnavailableException("down")));
    introspect();
    clock.advance(WINDOW_START);
    introspect();

    assertThat(introspect()).isInstanceOf(Introspection.Inactive.class);
    assertThat(refreshes("inactive")).isEqualTo(1);
    assertThat(introspector.indexedSessions()).containsExactly(0, 0);
    clock.advance(L1_NEGATIVE_TTL);
    assertThatExceptionOfType(IntrospectionUnavailableException.class)
        .as("an outage after the session ended does not serve it from stale-if-error")
        .isThrownBy(this::introspect);
  }

  @Test
  void introspectWhenBackgroundRefreshFailsThenServedUntilTtlThenStaleIfErrorAsBefore() {
    when(authService.introspect(credential))
        .thenReturn(
            Mono.just(alice),
            Mono.error(new IntrospectionUnavailableException("down")),
            Mono.error(new IntrospectionUnavailableException("down")));
    introspect();
    clock.advance(WINDOW_START);

    assertThat(introspect()).as("the failure never reaches the request").isEqualTo(alice);
    clock.advance(L1_TTL.minus(WINDOW_START).minus(MILLI));
    assertThat(introspect()).isEqualTo(alice);
    verify(authService, times(2).description("one refresh per entry")).introspect(credential);
    assertThat(refreshes("failed")).isEqualTo(1);
    assertThat(staleServed()).as("the entry was still valid").isZero();

    clock.advance(MILLI);
    assertThat(introspect()).isEqualTo(alice);
    assertThat(staleServed()).as("past the TTL: stale-if-error, as without refresh").isEqualTo(1);
  }

  @Test
  void introspectWhenAnswerCutShortBySessionExpiryThenNotRefreshed() {
    Introspection.Active ending =
        new Introspection.Active(
            "user-1",
            "alice",
            "sid-ending",
            List.of("user"),
            clock.instant(),
            clock.instant().plus(Duration.ofSeconds(3)),
            clock.instant());
    when(authService.introspect(credential)).thenReturn(Mono.just(ending));
    introspect();

    clock.advance(Duration.ofSeconds(3).minus(MILLI));
    assertThat(introspect()).isEqualTo(ending);
    verify(authService, times(1)).introspect(credential);
  }

  @Test
  void introspectWhenInactiveAnswerUsedNearItsEndThenNotRefreshed() {
    when(authService.introspect(credential)).thenReturn(Mono.just(new Introspection.Inactive()));
    introspect();

    clock.advance(L1_NEGATIVE_TTL.minus(MILLI));
    introspect();
    verify(authService, times(1)).introspect(credential);
  }

  private Introspection introspect() {
    return introspector.introspect(credential).block();
  }

  /** Subscribed, as a request does, without waiting. */
  private CompletableFuture<Introspection> start() {
    return introspector.introspect(credential).toFuture();
  }

  private double lookups(String result) {
    return meters
        .get("gatehouse.introspection.cache")
        .tag("level", "l1")
        .tag("result", result)
        .counter()
        .count();
  }

  private double refreshes(String outcome) {
    return meters
        .get("gatehouse.introspection.refreshes")
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private double staleServed() {
    return meters.get("gatehouse.introspection.stale").counter().count();
  }

  private Introspection.Active session(List<String> roles) {
    Instant now = clock.instant();
    return new Introspection.Active(
        "user-1", "alice", "sid-1", roles, now, now.plus(Duration.ofHours(1)), now);
  }
}
