package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "Active session" is written once ({@link ActiveSessionRule}) but evaluated twice: in Java on the
 * row introspection reads, and in SQL by the session lists. On real PostgreSQL, both views must
 * give the same answer for every kind of session, including the exact boundaries.
 */
class ActiveSessionRuleIntegrationTests extends AbstractIntegrationTests {

  private static final Duration MICRO = Duration.ofNanos(1_000);

  @Autowired SessionService sessions;
  @Autowired SessionDirectory directory;
  @Autowired SessionTokens tokens;
  @Autowired SessionProperties properties;

  /** One kind of session, as offsets from now; {@code null} idle means "seen just now". */
  record Row(Duration expiresIn, @Nullable Duration idleFor, boolean revoked, boolean userEnabled) {

    static Row live() {
      return new Row(Duration.ofHours(1), null, false, true);
    }

    Row expiring(Duration duration) {
      return new Row(duration, idleFor, revoked, userEnabled);
    }

    Row idle(Duration duration) {
      return new Row(expiresIn, duration, revoked, userEnabled);
    }

    Row revokedNow() {
      return new Row(expiresIn, idleFor, true, userEnabled);
    }

    Row ofDisabledUser() {
      return new Row(expiresIn, idleFor, revoked, false);
    }
  }

  static Stream<Arguments> sessionsTable() {
    Duration idle = Duration.ofMinutes(30); // the default gatehouse.session.idle-timeout
    return Stream.of(
        Arguments.of("live", Row.live(), true),
        Arguments.of("expired an hour ago", Row.live().expiring(Duration.ofHours(-1)), false),
        Arguments.of("expiring this instant", Row.live().expiring(Duration.ZERO), false),
        Arguments.of("one microsecond before expiry", Row.live().expiring(MICRO), true),
        Arguments.of("idle for longer", Row.live().idle(idle.plusMinutes(1)), false),
        Arguments.of("idle for exactly the timeout", Row.live().idle(idle), false),
        Arguments.of(
            "one microsecond inside the timeout", Row.live().idle(idle.minus(MICRO)), true),
        Arguments.of("revoked", Row.live().revokedNow(), false),
        Arguments.of("user disabled", Row.live().ofDisabledUser(), false),
        Arguments.of("revoked, user disabled", Row.live().revokedNow().ofDisabledUser(), false),
        Arguments.of("expired and idle", Row.live().expiring(Duration.ZERO).idle(idle), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sessionsTable")
  void activeWhenSessionOfKindThenJavaAndSqlAgree(String kind, Row row, boolean expected) {
    assertThat(properties.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    TestUser user = createUser("user");
    LoggedIn session = login(user);
    Instant now = ActiveSessionRule.truncate(clock.instant());
    jdbc.sql(
            "UPDATE sessions SET expires_at = :expires, last_seen_at = :seen, revoked_at = :revoked,"
                + " reason = :reason WHERE sid = :sid")
        .param("expires", utc(now.plus(row.expiresIn())))
        .param("seen", utc(row.idleFor() == null ? now : now.minus(row.idleFor())))
        .param("revoked", row.revoked() ? utc(now) : null)
        .param("reason", row.revoked() ? "test" : null)
        .param("sid", session.sid())
        .update();
    jdbc.sql("UPDATE users SET enabled = :enabled WHERE id = :id")
        .param("enabled", row.userEnabled())
        .param("id", user.id())
        .update();

    boolean java = sessions.find(tokens.parse(session.token()).orElseThrow()).isPresent();
    boolean sqlOne = directory.findActive(session.sid()).isPresent();
    boolean sqlList =
        directory.active(user.id(), 0, 10).items().stream()
            .anyMatch(info -> info.sid().equals(session.sid()));

    assertThat(java).as("Java view (introspection)").isEqualTo(expected);
    assertThat(sqlOne).as("SQL view (one session)").isEqualTo(expected);
    assertThat(sqlList).as("SQL view (list)").isEqualTo(expected);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
