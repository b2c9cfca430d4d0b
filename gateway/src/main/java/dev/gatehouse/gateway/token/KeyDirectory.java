package dev.gatehouse.gateway.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;

/**
 * The JWK Set (RFC 7517) every instance serves: its own public keys merged with those every live
 * instance published ({@link PublishedKeys}), so that a backend may fetch the JWKS from one
 * instance and receive a token minted by another. When the shared directory cannot be read, an
 * instance serves its own keys.
 */
@Component
final class KeyDirectory {

  private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);

  private final SigningKeys keys;
  private final PublishedKeys published;

  KeyDirectory(SigningKeys keys, PublishedKeys published) {
    Assert.notNull(keys, "keys cannot be null");
    Assert.notNull(published, "published cannot be null");
    this.keys = keys;
    this.published = published;
  }

  /** This instance's keys and those every live instance published; a local key wins its kid. */
  Mono<JWKSet> jwks() {
    List<JWK> local = keys.publicKeys();
    return published
        .live()
        .map(shared -> merge(local, shared))
        .onErrorResume(
            ex -> {
              log.debug("shared JWKS unavailable, serving local keys: {}", ex.toString());
              return Mono.just(new JWKSet(local));
            });
  }

  private static JWKSet merge(List<JWK> local, List<JWK> shared) {
    Map<String, JWK> byKid = new LinkedHashMap<>();
    local.forEach(key -> byKid.put(key.getKeyID(), key));
    shared.forEach(key -> byKid.putIfAbsent(key.getKeyID(), key));
    return new JWKSet(new ArrayList<>(byKid.values()));
  }
}
