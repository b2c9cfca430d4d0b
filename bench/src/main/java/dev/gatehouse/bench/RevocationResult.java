package dev.gatehouse.bench;

import java.time.Duration;
import java.util.List;

/** The measured revocation propagation delays, one per logout. */
record RevocationResult(List<Duration> delays) {

  RevocationResult {
    delays = delays.stream().sorted().toList();
  }

  Duration min() {
    return delays.get(0);
  }

  Duration median() {
    int middle = delays.size() / 2;
    return delays.size() % 2 == 1
        ? delays.get(middle)
        : delays.get(middle - 1).plus(delays.get(middle)).dividedBy(2);
  }

  Duration max() {
    return delays.get(delays.size() - 1);
  }
}
