package dev.gatehouse.gateway.token;

import com.nimbusds.jose.jwk.JWK;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The directory every instance publishes its public keys in, so that any instance's JWKS lists the
 * keys of all live instances. Which implementation runs is decided once, by {@code
 * gatehouse.redis.enabled} ({@link TokenConfiguration}), not by null checks on every call.
 */
interface PublishedKeys {

  /**
   * The authentic, unexpired keys every live instance published; fails when the directory cannot be
   * read (the caller then serves its own keys).
   */
  Mono<List<JWK>> live();

  /**
   * Publishes one public key until {@code until}; never fails: emits whether the directory
   * confirmed the write, so that a caller can hold back signing with a key nobody else can see yet.
   */
  Mono<Boolean> publish(JWK key, Instant until);

  /**
   * Pushes the expiry of this instance's keys forward to {@code until} and removes every entry that
   * is expired or not authentic; never fails.
   */
  Mono<Void> refresh(List<JWK> keys, Instant until);

  /** No shared directory: an instance serves its own keys only. */
  final class LocalOnly implements PublishedKeys {

    @Override
    public Mono<List<JWK>> live() {
      return Mono.just(List.of());
    }

    @Override
    public Mono<Boolean> publish(JWK key, Instant until) {
      // Nothing to share: this instance's JWKS lists its own keys from the start.
      return Mono.just(true);
    }

    @Override
    public Mono<Void> refresh(List<JWK> keys, Instant until) {
      return Mono.empty();
    }

    @Override
    public String toString() {
      return "PublishedKeys[local only]";
    }
  }
}
