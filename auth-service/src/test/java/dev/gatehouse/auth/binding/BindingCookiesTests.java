package dev.gatehouse.auth.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bound cookie's {@code Max-Age}: shorter than the server-side validity by a margin. */
class BindingCookiesTests {

  @ParameterizedTest(name = "lifetime {0} -> Max-Age {1}")
  @CsvSource({
    // lifetime, Max-Age: margin min(10 s, lifetime / 5), whole seconds, at least 1 s
    "PT5M,     PT4M50S",
    "PT2M,     PT1M50S",
    "PT50S,    PT40S",
    "PT30S,    PT24S",
    "PT5S,     PT4S",
    "PT2.5S,   PT2S",
    "PT1S,     PT1S",
    "PT0.5S,   PT1S",
    "PT1H,     PT59M50S",
  })
  void maxAgeWhenLifetimeThenShorterByMarginNeverBelowOneSecond(Duration lifetime, Duration max) {
    assertThat(BindingCookies.maxAge(lifetime)).isEqualTo(max);
  }
}
