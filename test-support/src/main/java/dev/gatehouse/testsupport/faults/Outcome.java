package dev.gatehouse.testsupport.faults;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What one request got: its status ({@link #NO_ANSWER} when the client gave up or the connection
 * failed), how long it took, and from demo-backend's JSON the {@code sid}, {@code sub} and {@code
 * username} it was answered for; {@code error} is a problem body's stable {@code error} member.
 */
public record Outcome(
    int status,
    Duration elapsed,
    @Nullable String sid,
    @Nullable String sub,
    @Nullable String username,
    @Nullable String retryAfter,
    @Nullable String error) {

  /** The status recorded when no HTTP answer arrived. */
  public static final int NO_ANSWER = -1;

  static Outcome noAnswer(Duration elapsed, String why) {
    return new Outcome(NO_ANSWER, elapsed, null, null, null, null, why);
  }

  /**
   * Whether demo-backend answered for {@code session}: its {@code sid}, its user, and a {@code sub}
   * at all (an answer without one would not come from a verified token).
   */
  public boolean isFor(Session session) {
    return session.sid().equals(sid) && session.username().equals(username) && sub != null;
  }
}
