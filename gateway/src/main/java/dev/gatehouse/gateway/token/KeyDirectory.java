package dev.gatehouse.gateway.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;

/**
 * The JWK Set (RFC 7517) every instance serves: its own public keys merged with those every live
 * instance published ({@link PublishedKeys}), so that a backend may fetch the JWKS from one
 * instance and receive a token minted by another. When the shared directory cannot be read, the
 * keys of the last successful read are merged instead, for at most {@code
 * gatehouse.token.key-directory.max-staleness}; then this instance's own keys only. Reads go
 * through the Resilience4j circuit breaker {@value #BREAKER} with a timeout, so a hung or dead
 * directory never stalls a JWKS request and is not asked on every one.
 */
@Component
final class KeyDirectory {

  static final String BREAKER = "key-directory";

  private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);

  private final SigningKeys keys;
  private final PublishedKeys published;
  private final KeyDirectoryProperties properties;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final AtomicReference<@Nullable LastRead> lastRead = new AtomicReference<>();

  KeyDirectory(
      SigningKeys keys,
      PublishedKeys published,
      KeyDirectoryProperties properties,
      Clock clock,
      MeterRegistry meters) {
    Assert.notNull(keys, "keys cannot be null");
    Assert.notNull(published, "published cannot be null");
    this.keys = keys;
    this.published = published;
    this.properties = properties;
    this.clock = clock;
    CircuitBreakerRegistry registry =
        CircuitBreakerRegistry.of(
            CircuitBreakerConfig.custom()
                .slidingWindowSize(5)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(properties.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build());
    this.breaker = registry.circuitBreaker(BREAKER);
    breaker
        .getEventPublisher()
        .onStateTransition(event -> transitioned(event.getStateTransition()));
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
    TimeGauge.builder(
            "gatehouse.jwks.shared.age",
            lastRead,
            TimeUnit.MILLISECONDS,
            read -> ageMillis(read.get()))
        .description("Age of the shared keys in the JWKS: since the directory was last read")
        .register(meters);
  }

  /** This instance's keys and those every live instance published; a local key wins its kid. */
  Mono<JWKSet> jwks() {
    List<JWK> local = keys.publicKeys();
    return Mono.defer(published::live)
        .timeout(properties.readTimeout())
        .transformDeferred(CircuitBreakerOperator.of(breaker))
        .doOnNext(shared -> lastRead.set(new LastRead(shared, clock.instant())))
        .onErrorResume(this::lastGoodKeys)
        .map(shared -> merge(local, shared));
  }

  CircuitBreaker.State state() {
    return breaker.getState();
  }

  private Mono<List<JWK>> lastGoodKeys(Throwable failure) {
    LastRead last = lastRead.get();
    if (last != null && !last.at().plus(properties.maxStaleness()).isBefore(clock.instant())) {
      log.debug("shared JWKS unavailable ({}), serving the keys read at {}", failure, last.at());
      return Mono.just(last.keys());
    }
    log.debug("shared JWKS unavailable ({}), serving local keys", failure.toString());
    return Mono.just(List.of());
  }

  private double ageMillis(@Nullable LastRead read) {
    return read == null ? Double.NaN : Duration.between(read.at(), clock.instant()).toMillis();
  }

  private void transitioned(CircuitBreaker.StateTransition transition) {
    if (transition.getToState() == CircuitBreaker.State.OPEN) {
      log.warn(
          "shared key directory failing ({}): the JWKS serves the keys read last, for at most {},"
              + " and reads again in {}",
          transition,
          properties.maxStaleness(),
          properties.waitInOpenState());
    } else if (transition.getToState() == CircuitBreaker.State.CLOSED) {
      log.info("shared key directory readable again ({})", transition);
    }
  }

  private static JWKSet merge(List<JWK> local, List<JWK> shared) {
    Map<String, JWK> byKid = new LinkedHashMap<>();
    local.forEach(key -> byKid.put(key.getKeyID(), key));
    shared.forEach(key -> byKid.putIfAbsent(key.getKeyID(), key));
    return new JWKSet(new ArrayList<>(byKid.values()));
  }

  /** The keys of the last successful read of the directory, and when it was made. */
  private record LastRead(List<JWK> keys, Instant at) {}
}
