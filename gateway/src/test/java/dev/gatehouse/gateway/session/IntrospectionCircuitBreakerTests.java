package dev.gatehouse.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.time.TestClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * The breaker's rules with an injected clock: which failures count, open → refused without a call
 * and a {@code Retry-After} counting down to the probe, half-open probes closing or reopening it,
 * its meters and its health status.
 */
class IntrospectionCircuitBreakerTests {

  static final IntrospectionCircuitBreakerProperties PROPERTIES =
      new IntrospectionCircuitBreakerProperties(
          true, 50, 4, Duration.ofSeconds(10), Duration.ofSeconds(5), 2);

  final TestClock clock = new TestClock();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final IntrospectionCircuitBreaker breaker =
      new IntrospectionCircuitBreaker(PROPERTIES, clock, meters);
  final AtomicInteger calls = new AtomicInteger();

  @Test
  void protectWhenOutagesReachTheThresholdThenOpensAndRefusesWithoutCalling() {
    failWith(4, () -> new IntrospectionUnavailableException("timed out", new Exception()));
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    int before = calls.get();

    Throwable refused = failure(call(new Introspection.Inactive()));

    assertThat(calls.get()).as("no call while open").isEqualTo(before);
    assertThat(refused)
        .isInstanceOfSatisfying(
            IntrospectionUnavailableException.class,
            open -> {
              assertThat(open.isOutage()).as("a refusal is not itself counted").isFalse();
              assertThat(open.retryAfter()).contains(Duration.ofSeconds(5));
            });
  }

  @Test
  void protectWhenOpenThenRetryAfterCountsDownToTheProbeAndNeverBelowOneSecond() {
    failWith(4, () -> IntrospectionUnavailableException.outage("HTTP 503"));

    clock.advance(Duration.ofMillis(2_500));
    assertThat(retryAfterOfRefusal()).isEqualTo(Duration.ofSeconds(3));
    clock.advance(Duration.ofMillis(2_400));
    assertThat(retryAfterOfRefusal()).isEqualTo(Duration.ofSeconds(1));
  }

  static Stream<Arguments> notOutages() {
    return Stream.of(
        Arguments.of(
            "inactive session (200 active:false)",
            (Supplier<Mono<Introspection>>) () -> Mono.just(new Introspection.Inactive())),
        Arguments.of(
            "4xx (rejected client credentials)",
            (Supplier<Mono<Introspection>>)
                () -> Mono.error(new IntrospectionUnavailableException("HTTP 401"))),
        Arguments.of(
            "malformed active answer",
            (Supplier<Mono<Introspection>>)
                () -> Mono.error(new IntrospectionUnavailableException("lacks sid"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notOutages")
  void protectWhenAnswerIsNoOutageThenNeverOpens(
      String what, Supplier<Mono<Introspection>> answer) {
    for (int i = 0; i < 20; i++) {
      breaker.protect(Mono.defer(answer)).onErrorResume(ex -> Mono.empty()).block();
    }

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void protectWhenWaitElapsedAndProbesSucceedThenCloses() {
    failWith(4, () -> IntrospectionUnavailableException.outage("HTTP 500"));
    clock.advance(Duration.ofSeconds(5).plusMillis(1));

    assertThat(call(new Introspection.Inactive()).block())
        .isInstanceOf(Introspection.Inactive.class);
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    call(new Introspection.Inactive()).block();

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void protectWhenProbesFailThenOpensForAnotherWait() {
    failWith(4, () -> IntrospectionUnavailableException.outage("HTTP 500"));
    clock.advance(Duration.ofSeconds(6));

    failWith(2, () -> IntrospectionUnavailableException.outage("HTTP 500"));

    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(retryAfterOfRefusal()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void protectWhenDisabledThenEveryCallGoesThrough() {
    IntrospectionCircuitBreaker off =
        new IntrospectionCircuitBreaker(
            new IntrospectionCircuitBreakerProperties(
                false, 50, 4, Duration.ofSeconds(10), Duration.ofSeconds(5), 2),
            clock,
            new SimpleMeterRegistry());
    for (int i = 0; i < 10; i++) {
      off.protect(counted(Mono.error(IntrospectionUnavailableException.outage("HTTP 500"))))
          .onErrorResume(ex -> Mono.empty())
          .block();
    }

    assertThat(calls).hasValue(10);
  }

  @Test
  void metricsWhenOpenThenResilience4jTaggedMetersSayOpenAndCountRefusals() {
    failWith(4, () -> IntrospectionUnavailableException.outage("HTTP 500"));
    failure(call(new Introspection.Inactive()));

    assertThat(
            meters
                .get("resilience4j.circuitbreaker.state")
                .tags("name", "introspection", "state", "open")
                .gauge()
                .value())
        .isEqualTo(1.0);
    assertThat(
            meters
                .get("resilience4j.circuitbreaker.not.permitted.calls")
                .tags("name", "introspection")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            meters
                .get("resilience4j.circuitbreaker.calls")
                .tags("name", "introspection", "kind", "failed")
                .timer()
                .count())
        .isEqualTo(4);
  }

  @Test
  void healthWhenClosedOpenHalfOpenThenStatusSaysSoWithoutMakingTheGatewayDown() {
    IntrospectionCircuitBreakerHealthIndicator health =
        new IntrospectionCircuitBreakerHealthIndicator(breaker);
    assertThat(status(health)).isEqualTo(Status.UP);

    failWith(4, () -> IntrospectionUnavailableException.outage("HTTP 500"));
    Health open = health.health().block();
    assertThat(open.getStatus().getCode()).isEqualTo("CIRCUIT_OPEN");
    assertThat(open.getDetails())
        .containsEntry("state", "OPEN")
        .containsEntry("retryAfterSeconds", 5L);

    clock.advance(Duration.ofSeconds(6));
    call(new Introspection.Inactive()).block();
    assertThat(status(health).getCode()).isEqualTo("CIRCUIT_HALF_OPEN");

    assertThat(
            StatusAggregator.getDefault()
                .getAggregateStatus(Set.of(Status.UP, new Status("CIRCUIT_OPEN"))))
        .as("an open breaker leaves the gateway UP for its load balancer")
        .isEqualTo(Status.UP);
  }

  private Status status(IntrospectionCircuitBreakerHealthIndicator health) {
    return health.health().block().getStatus();
  }

  private void failWith(int times, Supplier<IntrospectionUnavailableException> failure) {
    for (int i = 0; i < times; i++) {
      failure(breaker.protect(counted(Mono.error(failure.get()))));
    }
  }

  private Duration retryAfterOfRefusal() {
    Throwable refused = failure(call(new Introspection.Inactive()));
    return ((IntrospectionUnavailableException) refused).retryAfter().orElseThrow();
  }

  private Mono<Introspection> call(Introspection answer) {
    return breaker.protect(counted(Mono.just(answer)));
  }

  private Mono<Introspection> counted(Mono<Introspection> answer) {
    return Mono.defer(
        () -> {
          calls.incrementAndGet();
          return answer;
        });
  }

  private static Throwable failure(Mono<Introspection> call) {
    List<Throwable> failures = new java.util.ArrayList<>();
    call.doOnError(failures::add).onErrorResume(ex -> Mono.empty()).block();
    assertThat(failures).hasSize(1);
    return failures.get(0);
  }
}
