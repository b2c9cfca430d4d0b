package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A presented token that is not ours must cost no database query: the repository here is a mock
 * only so that "never touched" can be asserted (the integration tests run the real database).
 */
class SessionServiceTests {

  @ParameterizedTest
  @ValueSource(strings = {"forged", "issued under another secret", "malformed"})
  void introspectWhenCheckValueFailsThenInactiveWithoutADatabaseQuery(String kind) {
    SessionRepository repository = mock(SessionRepository.class);
    SessionService service =
        new SessionService(
            repository,
            TestSessionTokenFormats.properties("GATEHOUSE_SESSION", true),
            Clock.systemUTC(),
            TestSessionTokenFormats.tokens(),
            new LastSeenProperties(Duration.ofSeconds(60)));

    assertThat(service.introspect(presented(kind))).isEmpty();
    verifyNoInteractions(repository);
  }

  private static String presented(String kind) {
    return switch (kind) {
      case "forged" -> {
        byte[] bytes = new byte[40];
        new SecureRandom().nextBytes(bytes);
        yield Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      }
      case "issued under another secret" ->
          new dev.gatehouse.protocol.SessionTokenFormat("another", new SecureRandom()).generate();
      default -> "not a token";
    };
  }
}
