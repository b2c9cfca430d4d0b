package dev.gatehouse.gateway.session;

import reactor.core.publisher.Mono;

/**
 * Turns a session credential into an {@link Introspection}. Emits {@link
 * IntrospectionUnavailableException} when the answer cannot be known.
 */
public interface SessionIntrospector {

  Mono<Introspection> introspect(SessionCredential credential);

  /**
   * Whether {@link #introspect} would answer {@code credential} from this instance's memory (a
   * cached answer, or a load already in flight that it would join) rather than start a load from
   * the shared cache or auth-service: what the per-client miss budget spends on.
   */
  boolean isCached(SessionCredential credential);

  /** Forgets what is cached for {@code credential}, e.g. after the user logged out through us. */
  void evict(SessionCredential credential);

  /**
   * Applies a revocation: every cached entry of session {@code sid} is dropped at every level, and
   * the session is refused from now on even if a stale answer still calls it active. Emits whether
   * the revocation was news to this instance (it arrives once by pub/sub and once by the feed).
   */
  Mono<Boolean> evictSession(String sid);

  /**
   * Applies a change of the session's account (its roles changed): every cached answer for session
   * {@code sid} is dropped at every level, the stale-if-error copy included, so the next request
   * introspects afresh and sees the new roles. Unlike {@link #evictSession} the session is not
   * refused.
   */
  Mono<Void> refreshSession(String sid);
}
