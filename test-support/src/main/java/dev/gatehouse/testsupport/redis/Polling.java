package dev.gatehouse.testsupport.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition with a deadline (test-support has no Awaitility at run time). */
final class Polling {

  private static final long INTERVAL_MILLIS = 50;

  private Polling() {}

  /** Polls {@code condition} until it holds; fails with {@code what} once {@code atMost} passed. */
  static void until(Duration atMost, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!holds(condition)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + atMost + ": " + what);
      }
      pause();
    }
  }

  static void pause() {
    try {
      Thread.sleep(INTERVAL_MILLIS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", ex);
    }
  }

  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (RuntimeException ex) {
      return false;
    }
  }
}
