package dev.gatehouse.bench.soak;

import java.time.Duration;

/** A load generator's pacing pause; an interrupt ends it early and is kept for the caller. */
final class Pause {

  private Pause() {}

  static void of(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
