package dev.gatehouse.gateway.session;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * L1: introspection answers in this process (Caffeine), by token digest, holding in-flight loads
 * too (single flight), with the index by {@code sid} that lets a revocation drop one session
 * without scanning. The index follows the cache: a completed active answer is indexed, and removed
 * when its entry expires or is pushed out (Caffeine's eviction listener, run atomically with the
 * eviction) or is invalidated here.
 */
final class IndexedL1Cache {

  private final SessionKeys index = new SessionKeys();
  private final AsyncCache<String, Introspection> entries;

  /**
   * @param lifetime how long an answer may be kept, computed when it is stored
   */
  IndexedL1Cache(long maxSize, Ticker ticker, Function<Introspection, Duration> lifetime) {
    this.entries =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(maxSize)
            .expireAfter(
                Expiry.<String, Introspection>creating((key, value) -> lifetime.apply(value)))
            .evictionListener(
                (String digest, @Nullable Introspection value, RemovalCause cause) ->
                    unindex(digest, value))
            .buildAsync();
  }

  /** The entry for {@code digest}, started by {@code load} when there is none (then indexed). */
  CompletableFuture<Introspection> get(
      String digest, Function<String, CompletableFuture<Introspection>> load) {
    AtomicBoolean started = new AtomicBoolean();
    CompletableFuture<Introspection> entry =
        entries.get(
            digest,
            (key, executor) -> {
              started.set(true);
              return load.apply(key);
            });
    if (started.get()) {
      // Only once Caffeine holds the entry: a load may complete before get returns.
      entry.thenAccept(found -> index(digest, entry, found));
    }
    return entry;
  }

  boolean contains(String digest) {
    return entries.getIfPresent(digest) != null;
  }

  void invalidate(String digest) {
    CompletableFuture<Introspection> entry = entries.asMap().remove(digest);
    if (entry != null && entry.isDone() && !entry.isCompletedExceptionally()) {
      unindex(digest, entry.join());
    }
  }

  /** Drops the completed entries of session {@code sid}; a load in flight is not touched. */
  void invalidateSession(String sid) {
    entries.synchronous().invalidateAll(index.removeAll(sid));
  }

  int indexedSessions() {
    return index.sessions();
  }

  /** Runs pending expiry now (tests; Caffeine otherwise does it as the cache is used). */
  void cleanUp() {
    entries.synchronous().cleanUp();
  }

  /**
   * Indexes a completed load by its session, unless its entry is already gone (invalidated or
   * expired while it loaded): then no eviction would ever remove it from the index.
   */
  private void index(String digest, CompletableFuture<Introspection> entry, Introspection found) {
    if (found instanceof Introspection.Active active) {
      index.add(active.sid(), digest);
      if (entries.asMap().get(digest) != entry) {
        index.remove(active.sid(), digest);
      }
    }
  }

  private void unindex(String digest, @Nullable Introspection value) {
    if (value instanceof Introspection.Active active) {
      index.remove(active.sid(), digest);
    }
  }
}
