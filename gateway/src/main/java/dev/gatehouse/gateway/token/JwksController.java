package dev.gatehouse.gateway.token;

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
 *
 * <p>{@code Cache-Control: no-cache}: a cache between a backend and the gateway may keep the set
 * but must ask again before each use. A backend that meets an unknown {@code kid} refetches the
 * set, and that refetch must reach a gateway, which lists every key that signs (each is published
 * before it signs): an HTTP cache answering it with a copy from before the key existed would turn a
 * new instance's or a rotated key's first tokens into 401s. Spring Security's JWKS client does not
 * read these headers (it keeps its own cache and refetches on an unknown {@code kid}).
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
                    .cacheControl(CacheControl.noCache())
                    .body(keys.toJSONObject(true)));
  }
}
