package dev.gatehouse.bench;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * One measured phase: successful requests (status 200) with their latencies in microseconds,
 * failures (any other status, or no answer), and how long the phase took.
 */
record Measurement(long ok, long failed, Duration elapsed, Histogram latencyMicros) {

  double requestsPerSecond() {
    return ok / (elapsed.toNanos() / 1e9);
  }

  double p50Millis() {
    return latencyMicros.getValueAtPercentile(50) / 1000.0;
  }

  double p99Millis() {
    return latencyMicros.getValueAtPercentile(99) / 1000.0;
  }

  long total() {
    return ok + failed;
  }
}
