package dev.gatehouse.auth.session;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** {@link SessionTokens} and {@link SessionProperties} for unit tests, without a context. */
final class TestSessionTokenFormats {

  static final String SECRET = "unit-test secret";

  private TestSessionTokenFormats() {}

  static SessionProperties properties(String cookieName, boolean secure) {
    return properties(cookieName, secure, null);
  }

  static SessionProperties properties(
      String cookieName, boolean secure, @Nullable String tokenSecret) {
    return new SessionProperties(
        cookieName, secure, Duration.ofHours(12), Duration.ofMinutes(30), tokenSecret);
  }

  static SessionTokens tokens() {
    return new SessionTokens(
        properties("GATEHOUSE_SESSION", true), new IntrospectionSecret(SECRET));
  }
}
