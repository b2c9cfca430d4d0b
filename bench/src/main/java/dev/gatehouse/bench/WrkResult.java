package dev.gatehouse.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one wrk run reported in its Lua {@code done()} (the line {@value #MARKER} with {@code
 * name=value} pairs, not wrk's human summary): requests completed, how long it ran, latency
 * percentiles in microseconds and the failures. wrk counts an answer with a status of 400 or more
 * as a {@code status} error; {@code connect}, {@code read}, {@code write} and {@code timeout} are
 * requests that got no answer.
 *
 * @param requests requests answered (any status)
 * @param duration how long the run took
 * @param non2xx answers with a status of 400 or more
 * @param socketErrors connect, read and write errors and timeouts
 */
record WrkResult(
    long requests,
    Duration duration,
    long non2xx,
    long socketErrors,
    long p50Micros,
    long p90Micros,
    long p99Micros,
    long p999Micros,
    long maxMicros) {

  static final String MARKER = "GATEHOUSE_WRK";

  /** The result line in wrk's output, if there is one. */
  static Optional<WrkResult> parse(String output) {
    return output
        .lines()
        .filter(line -> line.startsWith(MARKER + " "))
        .reduce((first, second) -> second)
        .map(WrkResult::parseLine);
  }

  private static WrkResult parseLine(String line) {
    Map<String, Long> values = new HashMap<>();
    for (String pair : line.substring(MARKER.length()).trim().split("\\s+")) {
      int equals = pair.indexOf('=');
      values.put(
          pair.substring(0, equals), Math.round(Double.parseDouble(pair.substring(equals + 1))));
    }
    return new WrkResult(
        values.get("requests"),
        Duration.ofNanos(values.get("duration_us") * 1000),
        values.get("status"),
        values.get("connect") + values.get("read") + values.get("write") + values.get("timeout"),
        values.get("p50_us"),
        values.get("p90_us"),
        values.get("p99_us"),
        values.get("p999_us"),
        values.get("max_us"));
  }

  /** Successful answers (status below 400) per second. */
  double requestsPerSecond() {
    double seconds = duration.toNanos() / 1e9;
    return seconds <= 0 ? 0 : (requests - non2xx) / seconds;
  }

  long errors() {
    return non2xx + socketErrors;
  }

  /** Requests sent, answered or not: what CPU per request is divided by. */
  long attempted() {
    return requests + socketErrors;
  }

  /** Share of the requests that got a status below 400, in percent. */
  double successPercent() {
    long attempted = attempted();
    return attempted == 0 ? 0 : 100.0 * (requests - non2xx) / attempted;
  }

  static double millis(long micros) {
    return micros / 1000.0;
  }
}
