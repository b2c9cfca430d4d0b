package dev.gatehouse.gateway.session;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Which cache keys hold a session, by its {@code sid}: what lets a revocation drop one session's
 * entries without scanning the whole cache (as L2 does with its index set per session). The cache
 * keeps it in step: a key is added when an active answer is stored and removed when the entry goes
 * (evicted, expired or invalidated), so the index never holds more than the cache.
 *
 * <p>A session usually has one key (one token); the sets are immutable copies swapped atomically
 * per sid, so readers never see one half-updated and a set costs no more than its elements.
 */
final class SessionKeys {

  private final ConcurrentMap<String, Set<String>> bySid = new ConcurrentHashMap<>();

  void add(String sid, String key) {
    bySid.compute(sid, (id, keys) -> keys == null ? Set.of(key) : with(keys, key));
  }

  void remove(String sid, String key) {
    bySid.computeIfPresent(sid, (id, keys) -> without(keys, key));
  }

  /** Forgets session {@code sid}; returns the keys that held it. */
  Set<String> removeAll(String sid) {
    Set<String> keys = bySid.remove(sid);
    return keys == null ? Set.of() : keys;
  }

  /** How many sessions are indexed (for tests and the gauge). */
  int sessions() {
    return bySid.size();
  }

  private static Set<String> with(Set<String> keys, String key) {
    if (keys.contains(key)) {
      return keys;
    }
    Set<String> more = new HashSet<>(keys);
    more.add(key);
    return Set.copyOf(more);
  }

  private static @Nullable Set<String> without(Set<String> keys, String key) {
    if (!keys.contains(key)) {
      return keys;
    }
    Set<String> fewer = new HashSet<>(keys);
    fewer.remove(key);
    // An empty set is removed with its sid: the index shrinks with the cache.
    return fewer.isEmpty() ? null : Set.copyOf(fewer);
  }
}
