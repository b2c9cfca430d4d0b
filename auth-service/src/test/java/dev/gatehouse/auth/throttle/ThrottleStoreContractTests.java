package dev.gatehouse.auth.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testsupport.time.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link LoginThrottle} promises with the default policy, whichever {@link ThrottleStore}
 * keeps its counters: every store runs these.
 */
abstract class ThrottleStoreContractTests {

  static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

  protected final TestClock clock = new TestClock();
  protected final LoginThrottleProperties policy = LoginThrottlePropertiesTests.defaults();
  protected LoginThrottle throttle;

  private String client;

  /** The store under test; each call may return a new object on the same backing storage. */
  abstract ThrottleStore store();

  @BeforeEach
  void throttle() {
    throttle = new LoginThrottle(store(), policy, clock);
    client = randomClient();
  }

  @Test
  void tryAcquireWhenFiveFailuresThenLockedForThirtySeconds() {
    String name = randomName();

    for (int i = 0; i < 5; i++) {
      assertThat(throttle.tryAcquire(name, client)).as("attempt %d", i + 1).isEmpty();
    }

    assertThat(throttle.tryAcquire(name, client)).contains(THIRTY_SECONDS);
    clock.advance(Duration.ofSeconds(10));
    assertThat(throttle.tryAcquire(name, client)).contains(Duration.ofSeconds(20));
  }

  @Test
  void countUsernameAttemptWhenConcurrentAttemptReadAnEarlierClockThenNotLocked() {
    ThrottleStore shared = store();
    String key = "user:" + randomName();
    Instant now = clock.instant();

    assertThat(shared.countUsernameAttempt(key, policy, now)).isEmpty();
    // a second login that read the clock a moment earlier but counts after the first one
    assertThat(shared.countUsernameAttempt(key, policy, now.minusMillis(5))).isEmpty();
  }

  @Test
  void tryAcquireWhenLockedThenOtherUsernamesAndClientsUnaffected() {
    String victim = randomName();
    failTimes(victim, client, 5);

    assertThat(throttle.tryAcquire(victim, client)).isPresent();
    assertThat(throttle.tryAcquire(victim, randomClient()))
        .as("same name, other client")
        .isPresent();
    assertThat(throttle.tryAcquire(randomName(), client)).as("other name, same client").isEmpty();
  }

  @Test
  void tryAcquireWhenLockEndsThenOneAttemptThenDoubledLockUpToTheCap() {
    String name = randomName();
    failTimes(name, client, 5);
    List<Long> locks = new ArrayList<>();

    for (int round = 0; round < 8; round++) {
      Duration lock = throttle.tryAcquire(name, client).orElseThrow();
      locks.add(lock.toSeconds());
      clock.advance(lock);
      assertThat(throttle.tryAcquire(name, client)).as("the one attempt after the lock").isEmpty();
    }

    assertThat(locks).containsExactly(30L, 60L, 120L, 240L, 480L, 900L, 900L, 900L);
  }

  @Test
  void succeededWhenAfterFailuresThenCounterStartsOver() {
    String name = randomName();
    failTimes(name, client, 4);
    assertThat(throttle.tryAcquire(name, client)).isEmpty();

    throttle.succeeded(name, client);

    failTimes(name, client, 4);
    assertThat(throttle.tryAcquire(name, client)).as("fifth attempt after the reset").isEmpty();
  }

  @Test
  void succeededWhenLockHasEndedThenNoDoublingAfterwards() {
    String name = randomName();
    failTimes(name, client, 5);
    clock.advance(THIRTY_SECONDS);
    assertThat(throttle.tryAcquire(name, client)).isEmpty();

    throttle.succeeded(name, client);

    failTimes(name, client, 5);
    assertThat(throttle.tryAcquire(name, client)).contains(THIRTY_SECONDS);
  }

  @Test
  void abandonedWhenAttemptsDuringAnOutageThenNeitherCountedNorLocked() {
    String name = randomName();

    for (int i = 0; i < 20; i++) {
      assertThat(throttle.tryAcquire(name, client)).as("attempt %d", i + 1).isEmpty();
      throttle.abandoned(name, client);
    }

    failTimes(name, client, 4);
    assertThat(throttle.tryAcquire(name, client)).as("the fifth real failure").isEmpty();
    assertThat(throttle.tryAcquire(name, client)).contains(THIRTY_SECONDS);
  }

  @Test
  void abandonedWhenTheAttemptWouldHaveLockedThenNotLocked() {
    String name = randomName();
    failTimes(name, client, 4);
    assertThat(throttle.tryAcquire(name, client)).isEmpty();

    throttle.abandoned(name, client);

    assertThat(throttle.tryAcquire(name, client)).as("counted as the fifth failure").isEmpty();
    assertThat(throttle.tryAcquire(name, client)).contains(THIRTY_SECONDS);
  }

  @Test
  void abandonedWhenClientAttemptsAbandonedThenTheyDoNotCount() {
    for (int i = 0; i < 150; i++) {
      String name = randomName();
      assertThat(throttle.tryAcquire(name, client)).isEmpty();
      throttle.abandoned(name, client);
    }

    assertThat(throttle.tryAcquire(randomName(), client)).isEmpty();
  }

  @Test
  void tryAcquireWhenFailuresOlderThanMaxBackoffThenForgotten() {
    String name = randomName();
    failTimes(name, client, 4);

    clock.advance(policy.maxBackoff().plusSeconds(1));

    failTimes(name, client, 4);
    assertThat(throttle.tryAcquire(name, client)).isEmpty();
  }

  @Test
  void tryAcquireWhenHundredFailuresFromOneClientThenThatClientRefusedOthersNot() {
    for (int i = 0; i < 100; i++) {
      assertThat(throttle.tryAcquire(randomName(), client)).as("attempt %d", i + 1).isEmpty();
    }

    Optional<Duration> refused = throttle.tryAcquire(randomName(), client);

    assertThat(refused).contains(Duration.ofMinutes(10));
    assertThat(throttle.tryAcquire(randomName(), randomClient())).isEmpty();
    clock.advance(Duration.ofMinutes(10));
    assertThat(throttle.tryAcquire(randomName(), client)).as("a new window").isEmpty();
  }

  @Test
  void tryAcquireWhenClientAttemptsSucceededThenTheyDoNotCount() {
    for (int i = 0; i < 150; i++) {
      String name = randomName();
      assertThat(throttle.tryAcquire(name, client)).isEmpty();
      throttle.succeeded(name, client);
    }

    failTimes(randomName(), client, 1);
    assertThat(throttle.tryAcquire(randomName(), client)).isEmpty();
  }

  @Test
  void tryAcquireWhenParallelBurstThenOnlyMaxFailuresLetThrough() throws Exception {
    String name = randomName();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Boolean>> attempts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        attempts.add(() -> throttle.tryAcquire(name, randomClient()).isEmpty());
      }
      long letThrough = 0;
      for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
        letThrough += attempt.get() ? 1 : 0;
      }

      assertThat(letThrough).isEqualTo(policy.maxFailures());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tryAcquireWhenUnknownLookingOrKnownLookingNameThenSameAnswers() {
    // The throttle never sees whether a user exists: any two names go through the same steps.
    String first = "alice-" + UUID.randomUUID();
    String second = "no-such-user-" + UUID.randomUUID();
    List<Optional<Duration>> firstAnswers = new ArrayList<>();
    List<Optional<Duration>> secondAnswers = new ArrayList<>();

    for (int i = 0; i < 7; i++) {
      firstAnswers.add(throttle.tryAcquire(first, client));
      secondAnswers.add(throttle.tryAcquire(second, randomClient()));
    }

    assertThat(firstAnswers).isEqualTo(secondAnswers);
  }

  protected void failTimes(String name, String client, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(throttle.tryAcquire(name, client)).as("failure %d", i + 1).isEmpty();
    }
  }

  protected static String randomName() {
    return "name-" + UUID.randomUUID();
  }

  protected static String randomClient() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
  }
}
