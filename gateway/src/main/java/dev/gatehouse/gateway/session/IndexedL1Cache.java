package dev.gatehouse.gateway.session;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * L1: introspection answers in this process (Caffeine), by token digest, holding in-flight loads
 * too (single flight), with the index by {@code sid} that lets a revocation drop one session
 * without scanning. The index follows the cache: a completed active answer is indexed, and removed
 * when its entry expires or is pushed out (Caffeine's eviction listener, run atomically with the
 * eviction) or is invalidated here. A refresh replaces an entry in place ({@link #replace}), which
 * restarts its lifetime.
 */
final class IndexedL1Cache {

  private final SessionKeys index = new SessionKeys();
  private final Function<Introspection, L1Entry> entryOf;
  private final AsyncCache<String, L1Entry> entries;

  /**
   * @param entryOf the entry for an answer, made when the answer is stored: its lifetime (counted
   *     from each write, a refresh's too) and when it is due for a refresh
   */
  IndexedL1Cache(long maxSize, Ticker ticker, Function<Introspection, L1Entry> entryOf) {
    this.entryOf = entryOf;
    this.entries =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(maxSize)
            .expireAfter(Expiry.<String, L1Entry>writing((key, entry) -> entry.lifetime()))
            .evictionListener(
                (String digest, @Nullable L1Entry entry, RemovalCause cause) ->
                    unindex(digest, entry))
            .buildAsync();
  }

  /** The entry for {@code digest}, started by {@code load} when there is none (then indexed). */
  CompletableFuture<L1Entry> get(
      String digest, Function<String, CompletableFuture<Introspection>> load) {
    AtomicBoolean started = new AtomicBoolean();
    CompletableFuture<L1Entry> entry =
        entries.get(
            digest,
            (key, executor) -> {
              started.set(true);
              return load.apply(key).thenApply(entryOf);
            });
    if (started.get()) {
      // Only once Caffeine holds the entry: a load may complete before get returns.
      entry.thenAccept(found -> index(digest, entry, found.answer()));
    }
    return entry;
  }

  /**
   * Replaces {@code current} by a refreshed answer, only if {@code current} is still the entry for
   * {@code digest}: an entry invalidated meanwhile (a revocation, an account change, a logout) or
   * gone (expired, pushed out) is not brought back by a refresh that started before. The new entry
   * lives its full lifetime from now.
   *
   * @return whether the refreshed answer was stored
   */
  boolean replace(String digest, CompletableFuture<L1Entry> current, Introspection refreshed) {
    CompletableFuture<L1Entry> next = CompletableFuture.completedFuture(entryOf.apply(refreshed));
    if (!entries.asMap().replace(digest, current, next)) {
      return false;
    }
    Introspection previous = current.join().answer();
    if (previous instanceof Introspection.Active was
        && !(refreshed instanceof Introspection.Active now && now.sid().equals(was.sid()))) {
      index.remove(was.sid(), digest);
    }
    index(digest, next, refreshed);
    return true;
  }

  boolean contains(String digest) {
    return entries.getIfPresent(digest) != null;
  }

  void invalidate(String digest) {
    CompletableFuture<L1Entry> entry = entries.asMap().remove(digest);
    if (entry != null && entry.isDone() && !entry.isCompletedExceptionally()) {
      unindex(digest, entry.join());
    }
  }

  /**
   * Drops the completed entries of session {@code sid}; a load in flight is not touched. Returns
   * the digests that held the session.
   */
  Set<String> invalidateSession(String sid) {
    Set<String> digests = index.removeAll(sid);
    entries.synchronous().invalidateAll(digests);
    return digests;
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
  private void index(String digest, CompletableFuture<L1Entry> entry, Introspection found) {
    if (found instanceof Introspection.Active active) {
      index.add(active.sid(), digest);
      if (entries.asMap().get(digest) != entry) {
        index.remove(active.sid(), digest);
      }
    }
  }

  private void unindex(String digest, @Nullable L1Entry entry) {
    if (entry != null && entry.answer() instanceof Introspection.Active active) {
      index.remove(active.sid(), digest);
    }
  }
}
