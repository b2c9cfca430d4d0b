package dev.gatehouse.gateway.session;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;
import org.springframework.util.Assert;

/**
 * Caffeine's time source read from the injected {@link Clock}, so every cache lifetime is decided
 * by the same clock as the expiry checks it works with, and a test clock can drive both.
 */
record ClockTicker(Clock clock) implements Ticker {

  ClockTicker {
    Assert.notNull(clock, "clock cannot be null");
  }

  @Override
  public long read() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
