package dev.gatehouse.gateway.revocation;

import dev.gatehouse.gateway.session.SessionIntrospector;
import dev.gatehouse.protocol.RevocationEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Applies a revocation on this instance, whichever path brought it: the introspector remembers the
 * session as revoked and evicts it from L1 and L2; its long-lived connections are closed. A
 * "changed" entry ({@link RevocationEvent#isChange()}, a user's roles changed) only drops the
 * session's cached introspections, so the next request sees the new roles and the session lives on.
 * Idempotent, because the same revocation arrives once by pub/sub and once by the feed.
 */
@Component
class RevocationApplier {

  private static final Logger log = LoggerFactory.getLogger(RevocationApplier.class);

  private final SessionIntrospector introspector;
  private final LongLivedConnections connections;
  private final Clock clock;
  private final MeterRegistry meters;

  RevocationApplier(
      SessionIntrospector introspector,
      LongLivedConnections connections,
      Clock clock,
      MeterRegistry meters) {
    this.introspector = introspector;
    this.connections = connections;
    this.clock = clock;
    this.meters = meters;
    Gauge.builder("gatehouse.connections.long-lived", connections, LongLivedConnections::count)
        .description("Proxied WebSocket and event-stream connections tracked for revocation")
        .register(meters);
  }

  /**
   * @param source {@code pubsub} or {@code feed}, for the metrics
   * @param measureDelay whether the event is live (not the catch-up read at start)
   */
  Mono<Void> apply(RevocationEvent event, String source, boolean measureDelay) {
    UUID revoked = event.sid();
    if (revoked == null) {
      return Mono.empty();
    }
    String sid = revoked.toString();
    if (event.isChange()) {
      return refresh(event, sid, source);
    }
    return introspector
        .evictSession(sid)
        .doOnNext(
            news -> {
              int closed = connections.close(sid);
              if (news) {
                recordApplied(event, source, measureDelay, closed);
              }
            })
        .then();
  }

  /**
   * The session's account changed (roles): its cached introspections go, the session stays. Its
   * long-lived connections are closed too, so none outlives the roles it was opened with. Applying
   * it twice (pub/sub, then feed) costs one more introspection, nothing else.
   */
  private Mono<Void> refresh(RevocationEvent event, String sid, String source) {
    return introspector
        .refreshSession(sid)
        .then(
            Mono.fromRunnable(
                () -> {
                  int closed = connections.close(sid);
                  meters.counter("gatehouse.sessions.refreshed", "source", source).increment();
                  log.info(
                      "session change applied sid={} user={} seq={} source={} closedConnections={}",
                      event.sid(),
                      event.userId(),
                      event.seq(),
                      source,
                      closed);
                }));
  }

  private void recordApplied(
      RevocationEvent event, String source, boolean measureDelay, int closedConnections) {
    meters.counter("gatehouse.revocations.applied", "source", source).increment();
    if (measureDelay && event.revokedAt() != null) {
      Duration delay = Duration.between(event.revokedAt(), clock.instant());
      Timer.builder("gatehouse.revocation.propagation")
          .description("From the revocation in auth-service to its application on this instance")
          .tag("source", source)
          .register(meters)
          .record(delay.isNegative() ? Duration.ZERO : delay);
    }
    log.info(
        "revocation applied sid={} user={} seq={} source={} closedConnections={}",
        event.sid(),
        event.userId(),
        event.seq(),
        source,
        closedConnections);
  }
}
