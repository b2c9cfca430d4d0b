package dev.gatehouse.auth.introspection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Introspection records activity at most once per {@code gatehouse.session.last-seen-interval} (60
 * s by default): the cold path's database write per call, gone, with "Last seen" and the idle
 * timeout still right to within the interval.
 */
class LastSeenThrottleIntegrationTests extends AbstractIntegrationTests {

  @ParameterizedTest(name = "{0} s after the last write: written {1}")
  @CsvSource({
    "0,    false",
    "1,    false",
    "59,   false",
    "60,   true",
    "61,   true",
    "1800, false" // past the 30 min idle timeout: inactive, nothing written
  })
  void introspectWhenLastSeenOfThatAgeThenWrittenOnlyPastTheInterval(
      long seconds, boolean written) {
    LoggedIn session = login(createUser("user"));
    Instant loginTime = now();
    clock.advance(Duration.ofSeconds(seconds));

    introspect(session.token());

    assertThat(lastSeen(session.sid())).isEqualTo(written ? now() : loginTime);
  }

  @Test
  void introspectWhenCalledOftenThenOneWritePerInterval() {
    LoggedIn session = login(createUser("user"));
    Instant loginTime = now();

    for (int call = 0; call < 59; call++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(isActive(session)).isTrue();
    }
    assertThat(lastSeen(session.sid())).isEqualTo(loginTime);

    clock.advance(Duration.ofSeconds(1));
    assertThat(isActive(session)).isTrue();
    Instant written = now();
    clock.advance(Duration.ofSeconds(30));
    assertThat(isActive(session)).isTrue();

    assertThat(lastSeen(session.sid())).isEqualTo(written);
  }

  @Test
  void introspectWhenActiveEveryFewSecondsThenNeverIdlesOut() {
    LoggedIn session = login(createUser("user"));

    // 40 minutes of a request every 50 s: longer than the 30 min idle timeout, every call active.
    for (int call = 0; call < 48; call++) {
      clock.advance(Duration.ofSeconds(50));
      assertThat(isActive(session)).as("call %d", call).isTrue();
    }
  }

  @Test
  void introspectWhenIdleSinceTheLastWriteThenInactiveWithinTheInterval() {
    LoggedIn session = login(createUser("user"));
    // Activity 59 s after login is not written: the idle timeout counts from the login.
    clock.advance(Duration.ofSeconds(59));
    assertThat(isActive(session)).isTrue();

    clock.advance(Duration.ofMinutes(30).minusSeconds(59));

    assertThat(isActive(session)).isFalse();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private Instant lastSeen(UUID sid) {
    return jdbc.sql("SELECT last_seen_at FROM sessions WHERE sid = ?")
        .param(sid)
        .query(OffsetDateTime.class)
        .single()
        .toInstant();
  }
}
