package dev.gatehouse.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.testsupport.time.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

/** A signing key signs only once the shared directory confirmed it, at start and at rotation. */
class KeyRotationTests {

  static final TokenProperties TOKENS =
      new TokenProperties(
          "http://localhost:8080",
          Duration.ofSeconds(60),
          0.1,
          4096,
          Duration.ofHours(24),
          Duration.ofMinutes(10));

  final TestClock clock = new TestClock();
  final SigningKeys keys = new SigningKeys(clock, TOKENS);

  @ParameterizedTest(name = "directory confirms: {0} -> rotated: {1}")
  @CsvSource({"true, true", "false, false"})
  void rotateWhenDirectoryAnswersThenActivatesOnlyAConfirmedKey(boolean confirms, boolean rotated) {
    Directory directory = new Directory(Integer.MAX_VALUE);
    directory.confirms = confirms;
    String before = keys.current().key().getKeyID();

    rotation(directory, Duration.ofSeconds(1)).rotate().block();

    assertThat(!keys.current().key().getKeyID().equals(before)).isEqualTo(rotated);
    assertThat(directory.published).last().isNotEqualTo(before);
  }

  @Test
  void publishFirstKeyWhenDirectoryConfirmsOnThirdAttemptThenTrue() {
    Directory directory = new Directory(3);

    boolean confirmed = rotation(directory, Duration.ofSeconds(30)).publishFirstKey();

    assertThat(confirmed).isTrue();
    assertThat(directory.attempts).hasValue(3);
    assertThat(directory.published).containsOnly(keys.current().key().getKeyID());
  }

  @Test
  void publishFirstKeyWhenDirectoryNeverConfirmsThenFalseAfterTheBoundedWait() {
    Directory directory = new Directory(Integer.MAX_VALUE);

    boolean confirmed = rotation(directory, Duration.ofMillis(300)).publishFirstKey();

    assertThat(confirmed).isFalse();
    assertThat(directory.attempts.get()).isGreaterThan(1);
  }

  @Test
  void phaseWhenComparedThenBeforeTheWebServerStarts() {
    // The reactive web server starts in phase SMART_LIFECYCLE_PHASE - 1024.
    assertThat(KeyRotation.PHASE)
        .isLessThan(
            org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle
                    .SMART_LIFECYCLE_PHASE
                - 1024);
  }

  private KeyRotation rotation(Directory directory, Duration publishWaitAtStart) {
    return new KeyRotation(
        keys,
        directory,
        TOKENS,
        new KeyDirectoryProperties(
            Duration.ofMillis(100),
            Duration.ofMinutes(10),
            Duration.ofSeconds(10),
            publishWaitAtStart),
        clock);
  }

  /**
   * Confirms the {@code confirmingAttempt}-th write and every later one, or as {@link #confirms}.
   */
  static final class Directory implements PublishedKeys {

    final int confirmingAttempt;
    final AtomicInteger attempts = new AtomicInteger();
    final List<String> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean confirms;

    Directory(int confirmingAttempt) {
      this.confirmingAttempt = confirmingAttempt;
    }

    @Override
    public Mono<List<JWK>> live() {
      return Mono.just(List.of());
    }

    @Override
    public Mono<Boolean> publish(JWK key, Instant until) {
      published.add(key.getKeyID());
      return Mono.just(confirms || attempts.incrementAndGet() >= confirmingAttempt);
    }

    @Override
    public Mono<Void> refresh(List<JWK> keys, Instant until) {
      return Mono.empty();
    }
  }
}
