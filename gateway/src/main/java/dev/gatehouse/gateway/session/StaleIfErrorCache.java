package dev.gatehouse.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The sessions seen active within the stale-if-error window, by cache key, with the index by {@code
 * sid} that lets a revocation drop one session without scanning the cache. The index follows the
 * cache: an entry's key is indexed when it is stored and removed when it expires or is pushed out
 * (Caffeine's eviction listener, run atomically with the eviction) or invalidated here.
 */
final class StaleIfErrorCache {

  private final SessionKeys index = new SessionKeys();
  private final Cache<String, Introspection.Active> sessions;

  StaleIfErrorCache(Duration window, long maxSize, Ticker ticker) {
    this.sessions =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(maxSize)
            .expireAfterWrite(window)
            .evictionListener(
                (String key,
                    Introspection.@Nullable Active active,
                    com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                  if (active != null) {
                    index.remove(active.sid(), key);
                  }
                })
            .build();
  }

  void put(String key, Introspection.Active active) {
    sessions.put(key, active);
    index.add(active.sid(), key);
  }

  Introspection.@Nullable Active get(String key) {
    return sessions.getIfPresent(key);
  }

  void invalidate(String key) {
    Introspection.Active removed = sessions.asMap().remove(key);
    if (removed != null) {
      index.remove(removed.sid(), key);
    }
  }

  /** Drops every entry of session {@code sid}; returns how many there were. */
  int invalidateSession(String sid) {
    Set<String> keys = index.removeAll(sid);
    sessions.invalidateAll(keys);
    return keys.size();
  }

  /** Indexed sessions: never more than the cache holds. */
  int indexedSessions() {
    return index.sessions();
  }

  /** Runs pending expiry now (tests; Caffeine otherwise does it as the cache is used). */
  void cleanUp() {
    sessions.cleanUp();
  }
}
