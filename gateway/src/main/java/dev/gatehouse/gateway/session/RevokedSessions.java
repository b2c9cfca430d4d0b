package dev.gatehouse.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Session ids this instance has learned are revoked. A revoked session never becomes active again,
 * so any cached or in-flight answer that still calls it active is wrong and is refused here: this
 * closes the race where an introspection started before a revocation lands in a cache after the
 * eviction. Entries are kept longer than any cache could hold the session.
 */
final class RevokedSessions {

  private final Cache<String, Boolean> sids;

  RevokedSessions(Duration remember, Ticker ticker) {
    this.sids =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(remember)
            .maximumSize(1_000_000)
            .build();
  }

  /** Records {@code sid} as revoked; returns whether this is news to this instance. */
  boolean add(String sid) {
    return sids.asMap().putIfAbsent(sid, Boolean.TRUE) == null;
  }

  boolean contains(String sid) {
    return sids.getIfPresent(sid) != null;
  }
}
