package dev.gatehouse.gateway.session;

import reactor.core.publisher.Mono;

/**
 * The L2 cache shared by every gateway instance. Never fails: an unavailable store behaves as a
 * miss, so the gateway degrades to L1 plus direct introspection.
 */
interface SharedIntrospectionCache {

  /** The cached answer for this credential, or empty. */
  Mono<Introspection> get(SessionCredential credential);

  /** Shares an answer; completes when stored or given up. */
  Mono<Void> put(SessionCredential credential, Introspection introspection);

  /** Removes every entry of session {@code sid} and keeps it from being stored again. */
  Mono<Void> evictSession(String sid);

  /** Removes every entry of session {@code sid}; it may be stored again (its account changed). */
  Mono<Void> dropSession(String sid);

  /** No shared cache: the gateway runs with L1 only. */
  SharedIntrospectionCache NONE =
      new SharedIntrospectionCache() {
        @Override
        public Mono<Introspection> get(SessionCredential credential) {
          return Mono.empty();
        }

        @Override
        public Mono<Void> put(SessionCredential credential, Introspection introspection) {
          return Mono.empty();
        }

        @Override
        public Mono<Void> evictSession(String sid) {
          return Mono.empty();
        }

        @Override
        public Mono<Void> dropSession(String sid) {
          return Mono.empty();
        }
      };
}
