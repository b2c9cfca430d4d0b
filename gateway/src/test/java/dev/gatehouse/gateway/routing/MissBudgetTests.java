package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MissBudgetTests {

  final MutableClock clock = new MutableClock();

  MissBudget budget(double rate, int burst) {
    return new MissBudget(new MissBudgetProperties(rate, burst, 1_000), clock);
  }

  @Test
  void spendWhenWithinTheBurstThenAdmittedThenRefusedWithRetryAfter() {
    MissBudget budget = budget(20, 100);

    assertThat(IntStream.range(0, 100).mapToObj(i -> budget.spend("198.51.100.1")))
        .allMatch(Optional::isEmpty);
    assertThat(budget.spend("198.51.100.1")).contains(Duration.ofSeconds(1));
  }

  @Test
  void spendWhenTimePassesThenRefilledAtTheRateOnly() {
    MissBudget budget = budget(20, 100);
    IntStream.range(0, 100).forEach(i -> budget.spend("198.51.100.1"));

    clock.advance(Duration.ofMillis(49));
    assertThat(budget.spend("198.51.100.1")).as("0.98 of a miss earned").isPresent();
    clock.advance(Duration.ofMillis(1));
    assertThat(budget.spend("198.51.100.1")).as("one miss earned").isEmpty();
    assertThat(budget.spend("198.51.100.1")).isPresent();

    clock.advance(Duration.ofSeconds(1));
    assertThat(IntStream.range(0, 20).mapToObj(i -> budget.spend("198.51.100.1")))
        .allMatch(Optional::isEmpty);
    assertThat(budget.spend("198.51.100.1")).isPresent();
  }

  @Test
  void spendWhenIdleLongThenNeverMoreThanTheBurst() {
    MissBudget budget = budget(20, 100);
    budget.spend("198.51.100.1");

    clock.advance(Duration.ofHours(1));

    assertThat(IntStream.range(0, 100).mapToObj(i -> budget.spend("198.51.100.1")))
        .allMatch(Optional::isEmpty);
    assertThat(budget.spend("198.51.100.1")).isPresent();
  }

  @Test
  void spendWhenOneAddressExhaustedThenOtherAddressesUnaffected() {
    MissBudget budget = budget(20, 5);
    IntStream.range(0, 50).forEach(i -> budget.spend("198.51.100.1"));

    assertThat(budget.spend("198.51.100.1")).isPresent();
    assertThat(IntStream.range(0, 5).mapToObj(i -> budget.spend("203.0.113.9")))
        .allMatch(Optional::isEmpty);
    assertThat(budget.spend("2001:db8::1")).isEmpty();
  }

  @ParameterizedTest(name = "rate {0}/s: Retry-After {1} s")
  @CsvSource({"20, 1", "1, 1", "0.5, 2", "0.1, 10"})
  void spendWhenRefusedThenRetryAfterIsTheTimeToTheNextMissInWholeSeconds(
      double rate, long seconds) {
    MissBudget budget = budget(rate, 1);
    budget.spend("198.51.100.1");

    assertThat(budget.spend("198.51.100.1")).contains(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "rate {0}, burst {1}: off")
  @CsvSource({"0, 100", "20, 0", "0, 0"})
  void spendWhenRateOrBurstZeroThenNeverRefused(double rate, int burst) {
    MissBudget budget = budget(rate, burst);

    assertThat(IntStream.range(0, 1_000).mapToObj(i -> budget.spend("198.51.100.1")))
        .allMatch(Optional::isEmpty);
  }

  @Test
  void spendWhenMoreAddressesThanTrackedThenStillBoundedAndAnswering() {
    MissBudget budget = budget(20, 1);

    IntStream.range(0, 10_000)
        .forEach(i -> assertThat(budget.spend("10.0." + (i / 256) + "." + (i % 256))).isEmpty());
    assertThat(budget.spend("10.0.39.15")).isPresent();
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {

    private Instant now = Instant.parse("2026-12-01T12:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
