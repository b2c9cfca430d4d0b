package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

/**
 * The warm row of the benchmark on the injected clock: 100 sessions, each used 20 times a second
 * for 20 s. Without refresh-ahead every session's entry expires four times and the next request of
 * each waits for auth-service (the 400 request-path introspections the issue measured, which made
 * its tail); with it only each session's very first request waits, and the refreshes run in the
 * background — one per session every 4 s. Counted, not timed: these numbers do not depend on how
 * busy the machine is.
 */
class RefreshAheadLoadTests {

  static final int SESSIONS = 100;
  static final Duration RUN = Duration.ofSeconds(20);
  static final Duration STEP = Duration.ofMillis(50);

  final TestClock clock = new TestClock(Instant.parse("2026-12-01T12:00:00Z"));
  final MeterRegistry meters = new SimpleMeterRegistry();
  final IntrospectionClient authService = mock(IntrospectionClient.class);
  final Map<SessionCredential, Introspection.Active> sessions = new ConcurrentHashMap<>();

  @ParameterizedTest(name = "l1-refresh-ahead={0}: {1} requests wait, {2} background refreshes")
  @CsvSource({"0, 400, 0", "20, 100, 400"})
  void introspectWhenHundredSessionsBusyForTwentySecondsThenRequestsWaitOnlyWithoutRefreshAhead(
      int refreshAhead, int requestPathLoads, int backgroundRefreshes) {
    CachingSessionIntrospector introspector = introspector(refreshAhead);
    List<SessionCredential> credentials = credentials();
    when(authService.introspect(any()))
        .thenAnswer(call -> Mono.just(sessions.get((SessionCredential) call.getArgument(0))));

    Instant end = clock.instant().plus(RUN);
    while (clock.instant().isBefore(end)) {
      for (SessionCredential credential : credentials) {
        assertThat(introspector.introspect(credential).block())
            .isInstanceOf(Introspection.Active.class);
      }
      clock.advance(STEP);
    }

    assertThat(count("gatehouse.introspection.cache", "result", "miss"))
        .isEqualTo(requestPathLoads);
    assertThat(count("gatehouse.introspection.cache", "result", "join")).isZero();
    assertThat(count("gatehouse.introspection.refreshes", "outcome", "refreshed"))
        .isEqualTo(backgroundRefreshes);
  }

  private double count(String meter, String tag, String value) {
    return meters.find(meter).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private List<SessionCredential> credentials() {
    List<SessionCredential> credentials = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < SESSIONS; i++) {
      SessionCredential credential =
          SessionCredential.of(TestSessions.newToken(), SessionCredential.Source.COOKIE);
      sessions.put(
          credential,
          new Introspection.Active(
              "user-" + i,
              "alice",
              UUID.randomUUID().toString(),
              List.of("user"),
              now,
              now.plus(Duration.ofHours(8)),
              now));
      credentials.add(credential);
    }
    return credentials;
  }

  private CachingSessionIntrospector introspector(int refreshAhead) {
    return new CachingSessionIntrospector(
        authService,
        SharedIntrospectionCache.NONE,
        new RevokedSessions(Duration.ofMinutes(15), new ClockTicker(clock)),
        new CacheProperties(
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            100_000,
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            null,
            Duration.ofMinutes(5),
            100_000,
            refreshAhead),
        clock,
        meters);
  }
}
