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
 * The cache lifetime rules of the L1 introspection cache, without a server: Caffeine measures time
 * with a ticker fed from the same {@link TestClock} the expiry checks read, so each rule is pinned
 * to the millisecond instead of slept for. Refresh-ahead is off here (every expiry reloads on the
 * request path); {@link RefreshAheadTests} pins the same rules with it on.
 */
class CachingSessionIntrospectorTests {

  static final Duration L1_TTL = Duration.ofSeconds(5);
  static final Duration L1_NEGATIVE_TTL = Duration.ofSeconds(2);
  static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);
  static final Duration REMEMBER = Duration.ofMinutes(15);
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
          new RevokedSessions(REMEMBER, new ClockTicker(clock)),
          new CacheProperties(
              L1_TTL,
              L1_NEGATIVE_TTL,
              100,
              Duration.ofSeconds(60),
              Duration.ofSeconds(5),
              Duration.ofMillis(100),
              null,
              STALE_IF_ERROR,
              100,
              0),
          clock,
          meters);

  @Test
  void introspectWhenActiveThenServedFromL1ForL1TtlThenAskedAgain() {
    Introspection.Active alice = activeUntil(clock.instant().plus(Duration.ofHours(1)));
    when(authService.introspect(credential)).thenReturn(Mono.just(alice));

    assertThat(introspect()).isEqualTo(alice);
    clock.advance(L1_TTL.minus(MILLI));
    assertThat(introspect()).isEqualTo(alice);
    verify(authService, times(1)).introspect(credential);

    clock.advance(MILLI);
    assertThat(introspector.isCached(credential)).isFalse();
    assertThat(introspect()).isEqualTo(alice);
    verify(authService, times(2)).introspect(credential);
  }

  @Test
  void introspectWhenSessionExpiresBeforeL1TtlThenNeverServedPastItsExp() {
    Instant exp = clock.instant().plus(Duration.ofSeconds(2));
    when(authService.introspect(credential)).thenReturn(Mono.just(activeUntil(exp)));

    assertThat(introspect()).isInstanceOf(Introspection.Active.class);
    clock.advance(Duration.ofSeconds(2).minus(MILLI));
    assertThat(introspector.isCached(credential)).isTrue();
    assertThat(introspect()).isInstanceOf(Introspection.Active.class);

    clock.advance(MILLI);
    assertThat(introspector.isCached(credential)).as("L1 entry ends at exp").isFalse();
    assertThat(introspect())
        .as("even when auth-service still calls it active")
        .isInstanceOf(Introspection.Inactive.class);
  }

  @Test
  void introspectWhenInactiveThenCachedForL1NegativeTtlOnly() {
    when(authService.introspect(credential)).thenReturn(Mono.just(new Introspection.Inactive()));

    assertThat(introspect()).isInstanceOf(Introspection.Inactive.class);
    clock.advance(L1_NEGATIVE_TTL.minus(MILLI));
    assertThat(introspect()).isInstanceOf(Introspection.Inactive.class);
    verify(authService, times(1)).introspect(credential);

    clock.advance(MILLI);
    assertThat(introspector.isCached(credential)).isFalse();
    introspect();
    verify(authService, times(2)).introspect(credential);
  }

  @Test
  void introspectWhenAuthServiceFailsWithinStaleWindowThenLastActiveAnswerServedAndCounted() {
    Introspection.Active alice = activeUntil(clock.instant().plus(Duration.ofHours(1)));
    when(authService.introspect(credential))
        .thenReturn(Mono.just(alice))
        .thenReturn(Mono.error(new IntrospectionUnavailableException("down")));
    introspect();

    clock.advance(STALE_IF_ERROR.minus(MILLI));
    assertThat(introspect()).isEqualTo(alice);
    assertThat(meters.get("gatehouse.introspection.stale").counter().count()).isEqualTo(1);
  }

  @Test
  void introspectWhenAuthServiceFailsPastStaleWindowThenFailureSurfaces() {
    when(authService.introspect(credential))
        .thenReturn(Mono.just(activeUntil(clock.instant().plus(Duration.ofHours(1)))))
        .thenReturn(Mono.error(new IntrospectionUnavailableException("down")));
    introspect();

    clock.advance(STALE_IF_ERROR);
    assertThatExceptionOfType(IntrospectionUnavailableException.class).isThrownBy(this::introspect);
    assertThat(meters.get("gatehouse.introspection.stale").counter().count()).isZero();
  }

  @Test
  void introspectWhenAuthServiceEndedTheSessionThenLaterOutageDoesNotServeItFromStaleIfError() {
    when(authService.introspect(credential))
        .thenReturn(Mono.just(activeUntil(clock.instant().plus(Duration.ofHours(1)))))
        .thenReturn(Mono.just(new Introspection.Inactive()))
        .thenReturn(Mono.error(new IntrospectionUnavailableException("down")));
    introspect();
    clock.advance(L1_TTL);
    assertThat(introspect()).isInstanceOf(Introspection.Inactive.class);

    clock.advance(L1_NEGATIVE_TTL);
    assertThatExceptionOfType(IntrospectionUnavailableException.class)
        .as("the inactive answer dropped the stale-if-error copy")
        .isThrownBy(this::introspect);
  }

  @Test
  void introspectWhenSessionRevokedThenNeverServedFromAnyLevel() {
    Introspection.Active alice = activeUntil(clock.instant().plus(Duration.ofHours(1)));
    when(authService.introspect(credential))
        .thenReturn(Mono.just(alice))
        .thenReturn(Mono.just(alice))
        .thenReturn(Mono.error(new IntrospectionUnavailableException("down")));
    introspect();

    assertThat(introspector.evictSession(alice.sid()).block()).as("news").isTrue();
    assertThat(introspector.evictSession(alice.sid()).block()).as("already known").isFalse();
    assertThat(introspect())
        .as("an answer that raced the revocation")
        .isInstanceOf(Introspection.Inactive.class);
    clock.advance(L1_TTL);
    assertThatExceptionOfType(IntrospectionUnavailableException.class)
        .as("not from the stale-if-error window either")
        .isThrownBy(this::introspect);
  }

  @Test
  void introspectWhenSessionRefreshedThenAskedAgainStillActiveAndNoStaleCopyServed() {
    Introspection.Active alice = activeUntil(clock.instant().plus(Duration.ofHours(1)));
    when(authService.introspect(credential))
        .thenReturn(Mono.just(alice))
        .thenReturn(Mono.just(alice))
        .thenReturn(Mono.error(new IntrospectionUnavailableException("down")));
    introspect();

    introspector.refreshSession(alice.sid()).block();

    assertThat(introspector.isCached(credential)).isFalse();
    assertThat(introspect()).as("asked again, not refused").isEqualTo(alice);
    verify(authService, times(2)).introspect(credential);
    introspector.refreshSession(alice.sid()).block();
    assertThatExceptionOfType(IntrospectionUnavailableException.class)
        .as("the stale-if-error copy, which held the old roles, is gone too")
        .isThrownBy(this::introspect);
  }

  @Test
  void introspectWhenLoadInFlightThenJoinsItAndCountsTheJoin() {
    Sinks.One<Introspection> answer = Sinks.one();
    when(authService.introspect(credential)).thenReturn(answer.asMono());
    Introspection.Active alice = activeUntil(clock.instant().plus(Duration.ofHours(1)));

    // Subscribed, as a request does: introspect() does nothing before (the load takes the
    // request's context with it).
    CompletableFuture<Introspection> first = introspector.introspect(credential).toFuture();
    CompletableFuture<Introspection> second = introspector.introspect(credential).toFuture();
    assertThat(introspector.isCached(credential)).as("in flight").isTrue();
    answer.tryEmitValue(alice);

    assertThat(first.join()).isEqualTo(alice);
    assertThat(second.join()).isEqualTo(alice);
    verify(authService, times(1)).introspect(credential);
    assertThat(lookups("miss")).isEqualTo(1);
    assertThat(lookups("join")).isEqualTo(1);
    assertThat(lookups("hit")).isZero();
  }

  private Introspection introspect() {
    return introspector.introspect(credential).block();
  }

  private double lookups(String result) {
    return meters
        .get("gatehouse.introspection.cache")
        .tag("level", "l1")
        .tag("result", result)
        .counter()
        .count();
  }

  private Introspection.Active activeUntil(Instant exp) {
    Instant now = clock.instant();
    return new Introspection.Active(
        "user-1", "alice", "sid-" + exp.toEpochMilli(), List.of("user"), now, exp, now);
  }
}
