package dev.gatehouse.gateway.upstream;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Counts every upstream failure in {@code gatehouse.upstream.failures{route,kind}} and writes at
 * most one WARN line per route and kind per interval, saying how many failures there were since the
 * previous line. A backend that is down would otherwise cost a stack trace per request: the log is
 * for noticing, the metric for measuring. The line names the route, the kind and the exception's
 * own message (an upstream address or a timeout), never a request header, cookie or path.
 */
@Component
final class UpstreamFailureLog {

  private static final Logger log = LoggerFactory.getLogger(UpstreamFailureLog.class);

  private final MeterRegistry meters;
  private final Clock clock;
  private final Duration interval;
  private final Map<Key, Window> windows = new ConcurrentHashMap<>();

  UpstreamFailureLog(MeterRegistry meters, Clock clock, UpstreamFailureProperties properties) {
    Assert.notNull(meters, "meters cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    this.meters = meters;
    this.clock = clock;
    this.interval = properties.warnInterval();
  }

  /** Records one failure of {@code routeId}'s upstream; {@code error} only lends its message. */
  void record(String routeId, UpstreamFailure failure, boolean committed, Throwable error) {
    meters
        .counter("gatehouse.upstream.failures", "route", routeId, "kind", failure.tag)
        .increment();
    Key key = new Key(routeId, failure);
    Instant now = clock.instant();
    long[] reported = new long[] {0};
    windows.compute(
        key,
        (k, window) -> {
          if (window == null || !now.isBefore(window.lastLine.plus(interval))) {
            reported[0] = (window == null ? 0 : window.since) + 1;
            return new Window(now, 0);
          }
          return new Window(window.lastLine, window.since + 1);
        });
    if (reported[0] > 0) {
      warn(key, reported[0], committed, error);
    }
  }

  private void warn(Key key, long failures, boolean committed, Throwable error) {
    log.warn(
        "upstream of route '{}' failing: kind={} status={} failures={} since the last line"
            + " (at most one line per {}; all in gatehouse_upstream_failures_total){} cause: {}",
        key.routeId,
        key.failure.tag,
        key.failure.denial.status().value(),
        failures,
        interval,
        committed ? "; the response had begun and was cut off" : "",
        message(error));
  }

  /** The innermost message: the one that names the refused address or the elapsed timeout. */
  private static String message(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() != null ? ": " + root.getMessage() : "");
  }

  @Override
  public String toString() {
    return "UpstreamFailureLog[interval=" + interval + "]";
  }

  private record Key(String routeId, UpstreamFailure failure) {}

  /** When the last line for a key was written and how many failures came since. */
  private record Window(Instant lastLine, long since) {}
}
