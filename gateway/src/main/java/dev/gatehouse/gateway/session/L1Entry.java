package dev.gatehouse.gateway.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One L1 answer: the introspection, how long it may be served (its TTL, fixed when it is stored)
 * and the moment from which a request that uses it refreshes it in the background. At most one
 * request claims that refresh, so an entry costs at most one background call however busy its
 * session is, and a refresh that failed is not retried before the entry expires (then the request
 * path loads, with today's failure handling).
 */
final class L1Entry {

  /** {@link #refreshFrom} of an entry that is never refreshed ahead. */
  static final long NEVER = Long.MAX_VALUE;

  private final Introspection answer;
  private final Duration lifetime;
  private final long refreshFrom;
  private final AtomicBoolean refreshClaimed = new AtomicBoolean();

  /**
   * @param refreshFrom the ticker reading from which a use starts the refresh, or {@link #NEVER}
   */
  L1Entry(Introspection answer, Duration lifetime, long refreshFrom) {
    this.answer = answer;
    this.lifetime = lifetime;
    this.refreshFrom = refreshFrom;
  }

  Introspection answer() {
    return answer;
  }

  Duration lifetime() {
    return lifetime;
  }

  /**
   * Whether the caller, using the entry at ticker reading {@code now}, is the one to refresh it.
   */
  boolean claimRefresh(long now) {
    return now >= refreshFrom && !refreshClaimed.get() && refreshClaimed.compareAndSet(false, true);
  }

  @Override
  public String toString() {
    // The answer names the user; an entry in a log line names only its kind.
    return "L1Entry[" + answer.getClass().getSimpleName() + ", lifetime=" + lifetime + "]";
  }
}
