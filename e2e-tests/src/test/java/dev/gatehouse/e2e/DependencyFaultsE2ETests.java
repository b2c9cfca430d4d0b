package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testsupport.faults.FaultClient;
import dev.gatehouse.testsupport.faults.FaultStack;
import dev.gatehouse.testsupport.faults.Outcome;
import dev.gatehouse.testsupport.faults.Session;
import dev.gatehouse.testsupport.faults.Traffic;
import dev.gatehouse.testsupport.faults.Traffic.Sample;
import dev.gatehouse.testsupport.faults.Traffic.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real failures of the gateways' dependencies, with real processes (issue 13): auth-service
 * crashed, frozen and slow; Redis crashed and frozen; PostgreSQL restarted under auth-service.
 * While each fault lasts several sessions keep requesting through both gateways, and each test
 * asserts the status mix (sessions the gateways saw recently are served, unseen ones get 503 with
 * {@code Retry-After}, never a 500), that every request finished within {@link
 * SharedFaultStack#LATENCY_BOUND}, and that no 200 was answered for another session.
 */
class DependencyFaultsE2ETests {

  private static final Duration AWAIT = Duration.ofSeconds(90);

  private final FaultStack stack = SharedFaultStack.get();
  private final FaultClient client = new FaultClient(stack);
  private final List<Traffic> traffic = new ArrayList<>();

  @BeforeEach
  void healthy() {
    stack.heal();
  }

  @AfterEach
  void heal() {
    traffic.forEach(Traffic::close);
    stack.heal();
  }

  @Test
  void authServiceKilledThenSeenSessionsServedUnseenGet503RetryAfterAndRestartRecovers() {
    List<Target> unseenTargets = unseenTargets();
    Traffic seen = seenSessionsRequesting();
    stack.authService.process().kill();
    seen.phase("fault");
    Traffic unseen = traffic(unseenTargets, "fault");
    awaitAnswers(seen, unseen, "fault");
    seen.phase("after");
    unseen.phase("after");
    stack.authService.restart(FaultStack.STARTUP);

    assertSeenServedUnseenRefusedWithRetryAfter(seen, unseen, "fault");
    awaitServedAgain(unseen);
    assertNoWrongIdentity(seen, unseen);
  }

  @Test
  void authServiceFrozenThenSeenSessionsServedUnseenGet503RetryAfterWithinBound() {
    List<Target> unseenTargets = unseenTargets();
    Traffic seen = seenSessionsRequesting();
    stack.authService.freeze();
    seen.phase("fault");
    Traffic unseen = traffic(unseenTargets, "fault");
    awaitAnswers(seen, unseen, "fault");
    seen.phase("after");
    unseen.phase("after");
    stack.authService.thaw();

    assertSeenServedUnseenRefusedWithRetryAfter(seen, unseen, "fault");
    awaitServedAgain(unseen);
    assertNoWrongIdentity(seen, unseen);
  }

  @Test
  void authServiceSlowerThanIntrospectionTimeoutThenUnseenGet503SeenServedWithinBound() {
    // Only gateway 0 reaches auth-service through the slowed link.
    List<Target> unseenTargets = targets("unseen", 0, 2);
    Traffic seen = traffic(targets("seen", 0, 3), "before");
    awaitCount(seen, "before", "seen", 3);
    stack.authServiceLink.delay(FaultStack.INTROSPECTION_TIMEOUT.plusSeconds(1));
    seen.phase("fault");
    Traffic unseen = traffic(unseenTargets, "fault");
    awaitAnswers(seen, unseen, "fault");
    seen.phase("after");
    unseen.phase("after");
    stack.authServiceLink.delay(Duration.ZERO);

    assertSeenServedUnseenRefusedWithRetryAfter(seen, unseen, "fault");
    awaitServedAgain(unseen);
    assertNoWrongIdentity(seen, unseen);
  }

  @Test
  void redisKilledThenEverySessionServedAndLogoutRefusedEverywhereThenRedisUsedAgain() {
    List<Target> unseenTargets = unseenTargets();
    Traffic seen = seenSessionsRequesting();
    stack.redis.kill();
    seen.phase("fault");
    Traffic unseen = traffic(unseenTargets, "fault");
    Session loggedOut = client.loginAlice(1);
    assertThat(client.me(1, loggedOut).status()).isEqualTo(200);
    assertThat(client.me(0, loggedOut).status()).isEqualTo(200);
    logout(1, loggedOut);
    awaitAnswers(seen, unseen, "fault");
    awaitRefusedAtBothGateways(loggedOut);
    seen.phase("after");
    unseen.phase("after");
    stack.redis.startAgain();

    assertEveryAnswer(seen, "fault", 200);
    assertEveryAnswer(unseen, "fault", 200);
    assertThat(slowest(seen, unseen, "fault")).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
    awaitServedAgain(unseen);
    assertNoWrongIdentity(seen, unseen);
  }

  @Test
  void redisFrozenThenEverySessionServedWithinBoundAndLogoutRefusedEverywhere() {
    List<Target> unseenTargets = unseenTargets();
    Traffic seen = seenSessionsRequesting();
    stack.redis.freeze();
    seen.phase("fault");
    Traffic unseen = traffic(unseenTargets, "fault");
    Session loggedOut = client.loginAlice(1);
    assertThat(client.me(1, loggedOut).status()).isEqualTo(200);
    assertThat(client.me(0, loggedOut).status()).isEqualTo(200);
    logout(1, loggedOut);
    awaitAnswers(seen, unseen, "fault");
    awaitRefusedAtBothGateways(loggedOut);
    seen.phase("after");
    unseen.phase("after");
    stack.redis.thaw();

    assertEveryAnswer(seen, "fault", 200);
    assertEveryAnswer(unseen, "fault", 200);
    assertThat(slowest(seen, unseen, "fault")).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
    awaitServedAgain(unseen);
    assertNoWrongIdentity(seen, unseen);
  }

  @Test
  void postgresRestartedThenAuthServiceReconnectsAndNoSessionOrRevocationIsLost() {
    Traffic seen = seenSessionsRequesting();
    List<Session> unseenSessions = List.of(client.loginAlice(0), client.loginAlice(1));
    Session revoked = client.loginAlice(1);
    logout(1, revoked);
    assertThat(stack.activeAtAuthService(revoked)).isFalse();

    stack.postgres.stop();
    seen.phase("fault");
    awaitCount(seen, "fault", "seen", 8);
    stack.postgres.startAgain();
    seen.phase("after");

    assertEveryAnswer(seen, "fault", 200);
    assertThat(seen.slowest("fault")).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
    // Sessions written before the restart, never introspected since: still there, still active.
    await()
        .atMost(AWAIT)
        .untilAsserted(
            () -> {
              for (Session session : unseenSessions) {
                assertThat(stack.activeAtAuthService(session)).isTrue();
                assertThat(client.me(1, session).isFor(session)).isTrue();
              }
            });
    assertThat(stack.activeAtAuthService(revoked)).as("the revocation survived").isFalse();
    assertThat(client.me(0, revoked).status()).isEqualTo(401);
    Session afterwards = client.loginAlice(0);
    assertThat(client.me(0, afterwards).isFor(afterwards)).isTrue();
    assertNoWrongIdentity(seen, seen);
  }

  /** Two sessions per gateway, each requesting; answered at least once before the fault. */
  private Traffic seenSessionsRequesting() {
    List<Target> targets = new ArrayList<>(targets("seen", 0, 2));
    targets.addAll(targets("seen", 1, 2));
    // both gateways have seen every session
    for (Target target : targets) {
      assertThat(client.me(1 - target.gateway(), target.session()).status()).isEqualTo(200);
    }
    Traffic seen = traffic(targets, "before");
    awaitCount(seen, "before", "seen", targets.size());
    assertEveryAnswer(seen, "before", 200);
    return seen;
  }

  /**
   * One session per gateway logged in (before the fault) but never used: no gateway has a cached
   * answer for them.
   */
  private List<Target> unseenTargets() {
    List<Target> targets = new ArrayList<>(targets("unseen", 0, 1));
    targets.addAll(targets("unseen", 1, 1));
    return targets;
  }

  private List<Target> targets(String group, int gateway, int sessions) {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      targets.add(new Target(group, gateway, client.loginAlice(gateway)));
    }
    return targets;
  }

  private Traffic traffic(List<Target> targets, String phase) {
    Traffic started = Traffic.start(client, targets, phase);
    traffic.add(started);
    return started;
  }

  private void awaitAnswers(Traffic seen, Traffic unseen, String phase) {
    awaitCount(seen, phase, "seen", 12);
    awaitCount(unseen, phase, "unseen", 6);
  }

  private static void awaitCount(Traffic traffic, String phase, String group, int count) {
    await().atMost(AWAIT).until(() -> traffic.count(phase, group) >= count);
  }

  private void awaitServedAgain(Traffic unseen) {
    await()
        .atMost(AWAIT)
        .until(
            () -> {
              List<Sample> after = unseen.samples("after");
              return !after.isEmpty() && after.get(after.size() - 1).outcome().status() == 200;
            });
  }

  private void awaitRefusedAtBothGateways(Session session) {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(client.me(0, session).status()).isEqualTo(401);
              assertThat(client.me(1, session).status()).isEqualTo(401);
            });
  }

  private void logout(int gateway, Session session) {
    Outcome logout = client.json(gateway, "POST", "/logout", session, "");
    assertThat(logout.status()).isEqualTo(204);
  }

  private static void assertSeenServedUnseenRefusedWithRetryAfter(
      Traffic seen, Traffic unseen, String phase) {
    assertEveryAnswer(seen, phase, 200);
    assertThat(unseen.statusMix(phase, "unseen")).containsOnlyKeys(503);
    assertThat(unseen.samples(phase, "unseen"))
        .allSatisfy(sample -> assertThat(sample.outcome().retryAfter()).isNotBlank());
    assertThat(slowest(seen, unseen, phase)).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
  }

  private static void assertEveryAnswer(Traffic traffic, String phase, int status) {
    List<Sample> samples = traffic.samples(phase);
    assertThat(samples).isNotEmpty();
    assertThat(samples)
        .as("status mix %s", samples.stream().map(s -> s.outcome().status()).distinct().toList())
        .allSatisfy(sample -> assertThat(sample.outcome().status()).isEqualTo(status));
  }

  private static Duration slowest(Traffic seen, Traffic unseen, String phase) {
    Duration a = seen.slowest(phase);
    Duration b = unseen.slowest(phase);
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void assertNoWrongIdentity(Traffic seen, Traffic unseen) {
    assertThat(seen.wrongIdentities()).isEmpty();
    assertThat(unseen.wrongIdentities()).isEmpty();
  }
}
