package dev.gatehouse.gateway.session;

import reactor.core.publisher.Mono;

/**
 * Turns a session credential into an {@link Introspection}. Emits {@link
 * IntrospectionUnavailableException} when the answer cannot be known.
 */
public interface SessionIntrospector {

  Mono<Introspection> introspect(SessionCredential credential);

  /** Forgets what is cached for {@code credential}, e.g. after the user logged out through us. */
  void evict(SessionCredential credential);
}
