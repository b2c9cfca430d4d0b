package dev.gatehouse.bench;

import java.time.Duration;

/** {@link Thread#sleep} that keeps the interrupt flag instead of throwing. */
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
