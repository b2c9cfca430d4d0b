package dev.gatehouse.gateway.token;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /.well-known/jwks.json}: the public keys (RFC 7517 JWK Set) backends use to verify
 * internal tokens, as Spring Security's {@code jwk-set-uri} expects. Never a private member.
 */
@RestController
class JwksController {

  private final KeyDirectory directory;

  JwksController(KeyDirectory directory) {
    this.directory = directory;
  }

  @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<Map<String, Object>>> jwks() {
    return directory
        .jwks()
        .map(
            keys ->
                ResponseEntity.ok()
                    .cacheControl(CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic())
                    .body(keys.toJSONObject(true)));
  }
}
