package dev.gatehouse.gateway.session;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.gatehouse.gateway.Synchronous;
import dev.gatehouse.gateway.TestSessions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import reactor.core.publisher.Mono;

/**
 * A warm L1 hit as a request makes it: digest lookup, hit counted, refresh-ahead check, the
 * revocation and expiry checks, through the {@link Mono} the filter chain composes. The clock
 * stands still, so the entry never expires nor comes due; auth-service is a stub that only the
 * priming call reaches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class L1HitBenchmark {

  private CachingSessionIntrospector introspector;
  private SessionCredential credential;

  @Setup
  public void setUp() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    Instant now = clock.instant();
    IntrospectionClient authService = mock(IntrospectionClient.class);
    when(authService.introspect(any()))
        .thenReturn(
            Mono.just(
                new Introspection.Active(
                    "user-1",
                    "alice",
                    "sid-1",
                    List.of("user"),
                    now,
                    now.plus(Duration.ofHours(8)),
                    now)));
    introspector =
        new CachingSessionIntrospector(
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
                20),
            clock,
            new SimpleMeterRegistry());
    credential = SessionCredential.of(TestSessions.newToken(), SessionCredential.Source.COOKIE);
    Synchronous.value(introspector.introspect(credential));
  }

  @Benchmark
  public Introspection hit() {
    return Synchronous.value(introspector.introspect(credential));
  }
}
