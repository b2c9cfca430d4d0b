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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real failures of the gateways' dependencies, with real processes (issue 13): auth-service
 * crashed, frozen and slow; Redis crashed and frozen; PostgreSQL restarted under auth-service.
 * While each fault lasts several sessions keep requesting through both gateways, and each test
 * asserts the status mix (sessions the gateways saw recently are served, unseen ones get 503 with
 * {@code Retry-After}, never a 500), that every request finished within {@link
 * SharedFaultStack#LATENCY_BOUND}, and that no 200 was answered for another session.
 */
class DependencyFaultsE2ETests {

  @RegisterExtension final FaultTraffic faults = new FaultTraffic();
  private final FaultStack stack = faults.stack;
  private final FaultClient client = faults.client;

  @Test
  void authServiceKilledThenSeenSessionsServedUnseenGet503RetryAfterAndRestartRecovers() {
    List<Target> unseenTargets = unseenTargets();
    Traffic seen = seenSessionsRequesting();
    assertWhileAuthServiceFailsSeenServedUnseenRefused(
        unseenTargets,
        seen,
        () -> stack.authService.process().kill(),
        () -> stack.authService.restart(FaultStack.STARTUP));
  }

  @Test
  void authServiceFrozenThenSeenSessionsServedUnseenGet503RetryAfterWithinBound() {
    List<Target> unseenTargets = unseenTargets();
    Traffic seen = seenSessionsRequesting();
    assertWhileAuthServiceFailsSeenServedUnseenRefused(
        unseenTargets, seen, stack.authService::freeze, stack.authService::thaw);
  }

  @Test
  void authServiceSlowerThanIntrospectionTimeoutThenUnseenGet503SeenServedWithinBound() {
    // Only gateway 0 reaches auth-service through the slowed link.
    List<Target> unseenTargets = faults.targets("unseen", 0, 2);
    Traffic seen = faults.traffic(faults.targets("seen", 0, 3), "before");
    FaultTraffic.awaitCount(seen, "before", "seen", 3);
    assertWhileAuthServiceFailsSeenServedUnseenRefused(
        unseenTargets,
        seen,
        () -> stack.authServiceLink.delay(FaultStack.INTROSPECTION_TIMEOUT.plusSeconds(1)),
        () -> stack.authServiceLink.delay(Duration.ZERO));
  }

  @Test
  void redisKilledThenEverySessionServedAndLogoutRefusedEverywhereThenRedisUsedAgain() {
    assertWhileRedisFailsEverySessionServedAndLogoutRefusedEverywhere(
        stack.redis::kill, stack.redis::startAgain);
  }

  @Test
  void redisFrozenThenEverySessionServedWithinBoundAndLogoutRefusedEverywhere() {
    assertWhileRedisFailsEverySessionServedAndLogoutRefusedEverywhere(
        stack.redis::freeze, stack.redis::thaw);
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
    FaultTraffic.awaitCount(seen, "fault", "seen", 8);
    stack.postgres.startAgain();
    seen.phase("after");

    assertEveryAnswer(seen, "fault", 200);
    assertThat(seen.slowest("fault")).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
    // Sessions written before the restart, never introspected since: still there, still active.
    await()
        .atMost(FaultTraffic.AWAIT)
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

  /**
   * The auth-service faults: while {@code fail} lasts the seen sessions keep being served and the
   * unseen ones (first requesting during the fault) get 503 with {@code Retry-After}, all within
   * the bound; after {@code recover} the unseen ones are served again.
   */
  private void assertWhileAuthServiceFailsSeenServedUnseenRefused(
      List<Target> unseenTargets, Traffic seen, Runnable fail, Runnable recover) {
    fail.run();
    seen.phase("fault");
    Traffic unseen = faults.traffic(unseenTargets, "fault");
    awaitAnswers(seen, unseen, "fault");
    seen.phase("after");
    unseen.phase("after");
    recover.run();

    assertSeenServedUnseenRefusedWithRetryAfter(seen, unseen, "fault");
    FaultTraffic.awaitLastAnswer(unseen, "unseen", 200);
    assertNoWrongIdentity(seen, unseen);
  }

  /**
   * The Redis faults: while {@code fail} lasts every session is served within the bound, and a
   * logout at one gateway is refused at both; after {@code recover} the unseen sessions are served
   * again.
   */
  private void assertWhileRedisFailsEverySessionServedAndLogoutRefusedEverywhere(
      Runnable fail, Runnable recover) {
    List<Target> unseenTargets = unseenTargets();
    Traffic seen = seenSessionsRequesting();
    fail.run();
    seen.phase("fault");
    Traffic unseen = faults.traffic(unseenTargets, "fault");
    Session loggedOut = client.loginAlice(1);
    assertThat(client.me(1, loggedOut).status()).isEqualTo(200);
    assertThat(client.me(0, loggedOut).status()).isEqualTo(200);
    logout(1, loggedOut);
    awaitAnswers(seen, unseen, "fault");
    awaitRefusedAtBothGateways(loggedOut);
    seen.phase("after");
    unseen.phase("after");
    recover.run();

    assertEveryAnswer(seen, "fault", 200);
    assertEveryAnswer(unseen, "fault", 200);
    assertThat(slowest(seen, unseen, "fault")).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
    FaultTraffic.awaitLastAnswer(unseen, "unseen", 200);
    assertNoWrongIdentity(seen, unseen);
  }

  /** Two sessions per gateway, each requesting; answered at least once before the fault. */
  private Traffic seenSessionsRequesting() {
    List<Target> targets = new ArrayList<>(faults.targets("seen", 0, 2));
    targets.addAll(faults.targets("seen", 1, 2));
    // both gateways have seen every session
    for (Target target : targets) {
      assertThat(client.me(1 - target.gateway(), target.session()).status()).isEqualTo(200);
    }
    Traffic seen = faults.traffic(targets, "before");
    FaultTraffic.awaitCount(seen, "before", "seen", targets.size());
    assertEveryAnswer(seen, "before", 200);
    return seen;
  }

  /**
   * One session per gateway logged in (before the fault) but never used: no gateway has a cached
   * answer for them.
   */
  private List<Target> unseenTargets() {
    List<Target> targets = new ArrayList<>(faults.targets("unseen", 0, 1));
    targets.addAll(faults.targets("unseen", 1, 1));
    return targets;
  }

  private static void awaitAnswers(Traffic seen, Traffic unseen, String phase) {
    FaultTraffic.awaitCount(seen, phase, "seen", 12);
    FaultTraffic.awaitCount(unseen, phase, "unseen", 6);
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
