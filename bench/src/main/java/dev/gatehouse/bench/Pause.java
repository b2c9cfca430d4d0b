package dev.gatehouse.bench;

import java.time.Duration;

/**
 * {@link Thread#sleep} that keeps the interrupt flag instead of throwing: a load generator's pacing
 * pause, which an interrupt ends early for the caller to see.
 */
public final class Pause {

  private Pause() {}

  public static void of(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
