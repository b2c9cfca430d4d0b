package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LastSeenWritesTests {

  private static final Instant STORED = Instant.parse("2026-12-02T08:00:00Z");

  @ParameterizedTest(name = "interval {0} s, {1} s later: due {2}")
  @CsvSource({
    "60, 0,  false",
    "60, 59, false",
    "60, 60, true",
    "60, -5, false", // a clock that went back never writes an older value
    "0,  0,  false", // the interval off: every later call writes, as the SQL's last_seen_at < now
    "0,  1,  true"
  })
  void dueWhenStoredValueOfThatAgeThenOnlyPastTheInterval(long interval, long later, boolean due) {
    LastSeenWrites writes =
        new LastSeenWrites(Duration.ofSeconds(interval), Duration.ofMinutes(30));

    assertThat(writes.due(STORED, STORED.plusSeconds(later))).isEqualTo(due);
  }

  @Test
  void constructorWhenIntervalNotShorterThanIdleTimeoutThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LastSeenWrites(Duration.ofMinutes(30), Duration.ofMinutes(30)))
        .withMessageContaining("gatehouse.session.last-seen-interval");
  }

  @Test
  void propertiesWhenIntervalNegativeThenRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new LastSeenProperties(Duration.ofSeconds(-1)))
        .withMessageContaining("cannot be negative");
  }
}
