package dev.gatehouse.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.gatehouse.testsupport.time.TestClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The JWKS when the shared key directory fails: it keeps serving the keys of the last good read
 * (bounded by {@code max-staleness}), a hung directory costs a request at most the read timeout,
 * and after repeated failures the breaker stops asking it until one probe finds it back.
 */
class KeyDirectoryTests {

  static final Duration TIMEOUT = Duration.ofMillis(200);
  static final Duration MAX_STALENESS = Duration.ofMinutes(10);
  static final Duration WAIT = Duration.ofSeconds(10);

  final TestClock clock = new TestClock();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final JWK otherInstancesKey = newKey();
  final FakeDirectory directory = new FakeDirectory();
  final SigningKeys own =
      new SigningKeys(
          clock,
          new TokenProperties(
              "https://gatehouse.test",
              Duration.ofSeconds(60),
              0.1,
              4096,
              Duration.ofHours(24),
              Duration.ofMinutes(10)));
  final KeyDirectory jwks =
      new KeyDirectory(
          own,
          directory,
          new KeyDirectoryProperties(TIMEOUT, MAX_STALENESS, WAIT, Duration.ofSeconds(10)),
          clock,
          meters);

  @Test
  void jwksWhenDirectoryAnswersThenOwnAndPublishedKeys() {
    assertThat(kids()).contains(own.current().key().getKeyID(), otherInstancesKey.getKeyID());
  }

  @Test
  void jwksWhenDirectoryFailsThenTheKeysOfTheLastGoodReadAreStillServed() {
    kids();
    directory.answer = () -> Mono.error(new IllegalStateException("Redis down"));

    assertThat(kids()).contains(otherInstancesKey.getKeyID());
    assertThat(meters.get("gatehouse.jwks.shared.age").timeGauge().value(TimeUnit.SECONDS))
        .isZero();
  }

  @Test
  void jwksWhenDirectoryHangsThenAnsweredAfterTheReadTimeoutWithTheLastGoodKeys() {
    kids();
    directory.answer = Mono::never;

    JWKSet served = jwks.jwks().block(Duration.ofSeconds(10));

    assertThat(served).isNotNull();
    assertThat(served.getKeyByKeyId(otherInstancesKey.getKeyID())).isNotNull();
  }

  @Test
  void jwksWhenLastGoodReadOlderThanMaxStalenessThenOwnKeysOnly() {
    kids();
    directory.answer = () -> Mono.error(new IllegalStateException("Redis down"));
    clock.advance(MAX_STALENESS.plusSeconds(1));

    assertThat(kids()).containsExactly(own.current().key().getKeyID());
  }

  @Test
  void jwksWhenDirectoryKeepsFailingThenBreakerStopsAskingUntilOneProbeFindsItBack() {
    kids();
    directory.answer = () -> Mono.error(new IllegalStateException("Redis down"));
    for (int i = 0; i < 3; i++) {
      kids();
    }
    assertThat(jwks.state()).isEqualTo(CircuitBreaker.State.OPEN);
    int asked = directory.reads.get();

    for (int i = 0; i < 100; i++) {
      assertThat(kids()).contains(otherInstancesKey.getKeyID());
    }
    assertThat(directory.reads).as("not asked while open").hasValue(asked);

    directory.answer = () -> Mono.just(List.of(otherInstancesKey));
    clock.advance(WAIT.plusSeconds(1));
    kids();

    assertThat(directory.reads).hasValue(asked + 1);
    assertThat(jwks.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(
            meters
                .get("resilience4j.circuitbreaker.state")
                .tags("name", "key-directory", "state", "closed")
                .gauge()
                .value())
        .isEqualTo(1.0);
  }

  private List<String> kids() {
    return jwks.jwks().block(Duration.ofSeconds(10)).getKeys().stream().map(JWK::getKeyID).toList();
  }

  private static JWK newKey() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID("other-" + Instant.now())
          .generate()
          .toPublicJWK();
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The shared directory: answers what {@link #answer} says, counting reads. */
  final class FakeDirectory implements PublishedKeys {

    final AtomicInteger reads = new AtomicInteger();
    volatile Supplier<Mono<List<JWK>>> answer = () -> Mono.just(List.of(otherInstancesKey));

    @Override
    public Mono<List<JWK>> live() {
      reads.incrementAndGet();
      return answer.get();
    }

    @Override
    public Mono<Boolean> publish(JWK key, Instant until) {
      return Mono.just(true);
    }

    @Override
    public Mono<Void> refresh(List<JWK> keys, Instant until) {
      return Mono.empty();
    }
  }
}
