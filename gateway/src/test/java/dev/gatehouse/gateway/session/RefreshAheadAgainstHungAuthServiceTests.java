package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testsupport.time.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Refresh-ahead over a real connection: the introspection client (WebClient, Reactor Netty) calls a
 * real TCP server that stops answering, as a frozen auth-service does. While the session's L1
 * answer is valid its requests are answered without waiting for the hung refresh; once the answer's
 * TTL has passed, a request waits for (joins) that refresh instead of being served the old answer
 * or calling again. L1 time is the injected {@link TestClock}; the client's timeout (30 s) is never
 * reached while the test runs.
 */
class RefreshAheadAgainstHungAuthServiceTests {

  final TestClock clock = new TestClock();
  final HangingAuthService authService = new HangingAuthService();
  final SessionCredential credential = TestCredentials.cookie();
  final CachingSessionIntrospector introspector = introspector();

  RefreshAheadAgainstHungAuthServiceTests() throws IOException {}

  @AfterEach
  void stop() throws IOException {
    authService.close();
  }

  @Test
  void introspectWhenRefreshHangsAtAuthServiceThenAnsweredFromL1UntilTtlThenJoinsTheRefresh() {
    authService.answer(
        """
        {"active":true,"sub":"user-1","username":"alice","sid":"sid-1","roles":["user"],"exp":%d}
        """
            .formatted(clock.instant().plus(Duration.ofHours(1)).getEpochSecond()));
    assertThat(introspector.introspect(credential).block(Duration.ofSeconds(30)))
        .isInstanceOf(Introspection.Active.class);
    authService.hang();

    clock.advance(Duration.ofSeconds(4));
    CompletableFuture<Introspection> inWindow = introspector.introspect(credential).toFuture();
    assertThat(inWindow).as("answered during subscribe, from L1").isDone();
    await().atMost(Duration.ofSeconds(30)).until(() -> authService.introspections() == 2);
    assertThat(introspector.introspect(credential).toFuture())
        .as("still answered while the refresh hangs at auth-service")
        .isCompletedWithValue(inWindow.join());

    clock.advance(Duration.ofSeconds(1));
    CompletableFuture<Introspection> pastTtl = introspector.introspect(credential).toFuture();
    assertThat(pastTtl).as("never served past its TTL").isNotDone();
    assertThat(authService.introspections()).as("joined, no second call").isEqualTo(2);
  }

  private CachingSessionIntrospector introspector() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    IntrospectionCircuitBreaker off =
        new IntrospectionCircuitBreaker(
            new IntrospectionCircuitBreakerProperties(
                false, 50, 5, Duration.ofSeconds(10), Duration.ofSeconds(5), 2),
            clock,
            meters);
    IntrospectionClient client =
        new IntrospectionClient(
            WebClient.builder(),
            new IntrospectionProperties(
                URI.create(authService.introspectionUri()),
                "gateway",
                "secret",
                Duration.ofSeconds(30),
                Duration.ofSeconds(5)),
            off,
            meters);
    return new CachingSessionIntrospector(
        client,
        SharedIntrospectionCache.NONE,
        new RevokedSessions(Duration.ofMinutes(15), new ClockTicker(clock)),
        new CacheProperties(
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
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
  }
}
