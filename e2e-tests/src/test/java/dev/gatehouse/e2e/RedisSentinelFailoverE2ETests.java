package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.e2e.AliceSessions.Login;
import dev.gatehouse.e2e.AliceSessions.Session;
import dev.gatehouse.e2e.FailoverTraffic.Outcome;
import dev.gatehouse.e2e.FailoverTraffic.Phase;
import dev.gatehouse.e2e.FailoverTraffic.Revocation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Redis as a replicated service: the primary of a real primary + replica + three sentinels is
 * killed (SIGKILL) while traffic runs through two gateways, and auth-service and the gateways, all
 * configured through {@code spring.data.redis.sentinel.*} only, carry on without a restart. The
 * tests run in order: the first kills the primary; the next two check what the services do on the
 * new one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelFailoverE2ETests {

  private static final String CHANNEL = "gatehouse:revocations";
  private static final Duration CEILING = Duration.ofSeconds(60);

  private static SentinelStack stack;
  private static AliceSessions alice;

  /** The new primary's port, once the first test has failed over; the others check it. */
  private static @Nullable Integer failedOverTo;

  @BeforeAll
  static void start() {
    stack = new SentinelStack();
    alice = new AliceSessions(stack);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void killPrimaryWhenUnderTrafficThenServedWithoutServerErrorsOrWrongIdentityAndRevocationsArrive()
      throws Exception {
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sessions.add(Objects.requireNonNull(alice.login(i % 2).session(), "login " + i));
    }
    FailoverTraffic traffic = new FailoverTraffic(alice, sessions);
    traffic.start();
    await().atMost(CEILING).until(() -> traffic.count(Phase.BEFORE, "logout") >= 2);

    traffic.enter(Phase.FAILOVER);
    Instant killedAtInstant = Instant.now();
    long killedAt = System.nanoTime();
    int oldPrimary = stack.redis.killPrimary();
    int newPrimary = stack.redis.awaitFailover(oldPrimary, CEILING);
    Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
    failedOverTo = newPrimary;
    // Both gateways subscribed again, on the new primary, by themselves.
    await().atMost(CEILING).until(() -> subscribers() == 2);
    Duration resubscribed = Duration.ofNanos(System.nanoTime() - killedAt);
    traffic.enter(Phase.AFTER);
    await().atMost(CEILING).until(() -> traffic.count(Phase.AFTER, "logout") >= 2);
    traffic.stop();
    System.out.printf(
        "Redis failover %d -> %d: sentinels agreed after %d ms, both gateways subscribed on the"
            + " new primary after %d ms, gateway connections back after %s ms%n%s",
        oldPrimary,
        newPrimary,
        failover.toMillis(),
        resubscribed.toMillis(),
        List.of(
            reconnected(0, newPrimary, killedAtInstant),
            reconnected(1, newPrimary, killedAtInstant)),
        traffic.report());

    List<Outcome> outcomes = traffic.outcomes();
    assertThat(outcomes).filteredOn(o -> o.status() == 0 || o.status() >= 500).isEmpty();
    assertThat(outcomes).filteredOn(Outcome::wrongIdentity).isEmpty();
    assertThat(outcomes).filteredOn(o -> o.kind().equals("api")).allMatch(o -> o.status() == 200);
    assertThat(outcomes).filteredOn(o -> o.kind().equals("login")).allMatch(o -> o.status() == 200);
    assertThat(outcomes)
        .filteredOn(o -> o.kind().equals("logout"))
        .allMatch(o -> o.status() == 204);
    assertThat(traffic.count(Phase.FAILOVER, "api")).as("requests served meanwhile").isPositive();

    List<Revocation> revocations = traffic.revocations();
    assertThat(revocations).filteredOn(r -> r.phase() == Phase.FAILOVER).isNotEmpty();
    assertThat(revocations).allMatch(Revocation::refusedAtOnce);
    assertThat(revocations)
        .as("each revoked session refused by the other gateway (30 s ceiling)")
        .allMatch(r -> r.untilRefused().compareTo(Duration.ofSeconds(30)) <= 0);
  }

  @Test
  @Order(2)
  void newSessionWhenAfterFailoverThenItsSharedCacheEntryIsOnTheNewPrimary() {
    assertFailedOver();
    Login login = alice.login(0);
    Session session = Objects.requireNonNull(login.session(), "login after the failover");

    // The first /api/me introspected and wrote L2, with the index of the session's entries.
    await()
        .atMost(CEILING)
        .until(
            () ->
                Long.valueOf(1)
                    .equals(
                        stack.redis.onPrimary(
                            "EXISTS", "gatehouse:session-keys:" + session.sid())));
    assertThat(alice.me(1, session.token()).sid()).isEqualTo(session.sid());
  }

  @Test
  @Order(3)
  void logoutWhenAfterFailoverThenOtherGatewayAppliesItByPubSub() {
    assertFailedOver();
    for (int gateway = 0; gateway < 2; gateway++) {
      int other = 1 - gateway;
      List<String> sources = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Session session = Objects.requireNonNull(alice.login(gateway).session(), "login");
        assertThat(alice.me(other, session.token()).status()).isEqualTo(200);
        assertThat(alice.logout(gateway, session)).isEqualTo(204);
        await().atMost(CEILING).until(() -> alice.me(other, session.token()).status() == 401);
        sources.add(appliedBy(other, session));
      }
      // The feed (polled every second) may win a race now and then; pub/sub must deliver too.
      assertThat(sources).as("sources at gateway %d", other + 1).contains("pubsub");
    }
  }

  private static void assertFailedOver() {
    assertThat(failedOverTo).as("the first test failed over").isNotNull();
    assertThat(stack.redis.primaryPort()).isEqualTo(failedOverTo);
  }

  private static long subscribers() {
    List<?> counts = (List<?>) stack.redis.onPrimary("PUBSUB", "NUMSUB", CHANNEL);
    return counts == null ? 0 : (Long) counts.get(1);
  }

  /**
   * For the report only: milliseconds from the kill to the last of Lettuce's "Reconnected to" lines
   * naming the new primary in a gateway's log (one for commands, one for pub/sub), or -1.
   */
  private static long reconnected(int gateway, int newPrimary, Instant killedAt) {
    Matcher line =
        Pattern.compile("(?m)^(\\S+) .*Reconnected to .*:" + newPrimary + "$")
            .matcher(stack.gateways.get(gateway).output());
    long last = -1;
    while (line.find()) {
      last = Duration.between(killedAt, Instant.parse(line.group(1))).toMillis();
    }
    return last;
  }

  private static String appliedBy(int gateway, Session session) {
    Pattern applied =
        Pattern.compile("revocation applied sid=" + session.sid() + " .*?source=(\\w+)");
    return await()
        .atMost(CEILING)
        .until(
            () -> {
              Matcher matcher = applied.matcher(stack.gateways.get(gateway).output());
              return matcher.find() ? matcher.group(1) : null;
            },
            Objects::nonNull);
  }
}
