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
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real failures of a gateway and of the backend behind it (issue 13): one of two gateways crashed
 * and restarted (users stay signed in, the other keeps serving, JWTs minted before still verify),
 * demo-backend down (502) and hung (504), and a gateway's graceful shutdown draining the requests
 * in flight. Each asserts the status mix, the latency bound and zero wrong identities.
 */
class GatewayAndBackendFaultsE2ETests {

  private static final Duration AWAIT = Duration.ofSeconds(90);
  private static final JsonMapper json = JsonMapper.builder().build();

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
  void gatewayKilledAndRestartedThenOtherKeepsServingUsersStaySignedInAndMintedJwtsVerify()
      throws Exception {
    List<Target> targets = targetsOnBothGateways();
    List<Target> onGateway0 = targets.stream().filter(t -> t.gateway() == 0).toList();
    Traffic other = traffic(targets.stream().filter(t -> t.gateway() == 1).toList(), "before");
    Traffic restarted = traffic(onGateway0, "before");
    awaitCount(restarted, "before", "gateway-0", 4);
    String mintedByGateway0 = stack.backendLink.lastBearerToken();
    assertThat(mintedByGateway0).isNotNull();

    // Like a load balancer with health checks: no traffic to gateway 0 until it is healthy again.
    restarted.close();
    stack.gateways.get(0).kill();
    other.phase("fault");
    awaitCount(other, "fault", "gateway-1", 12);
    stack.gateways.get(0).restart(FaultStack.STARTUP);
    other.phase("after");
    Traffic again = traffic(onGateway0, "after");
    awaitCount(again, "after", "gateway-0", 6);

    assertThat(other.statusMix("fault", "gateway-1")).containsOnlyKeys(200);
    assertThat(other.slowest("fault")).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
    assertThat(again.statusMix("after", "gateway-0"))
        .as("the restarted gateway's users are still signed in")
        .containsOnlyKeys(200);
    assertThat(other.wrongIdentities()).isEmpty();
    assertThat(again.wrongIdentities()).isEmpty();

    // The restarted instance signs with a new key: demo-backend fetches the JWKS again for its kid
    // (the requests above), and a token the old instance minted must still verify until its exp.
    Instant exp =
        Instant.ofEpochSecond(json.readTree(payload(mintedByGateway0)).get("exp").asLong());
    Outcome replayed =
        client.exchange(
            HttpRequest.newBuilder(stack.backendDirect("/api/me"))
                .header("Authorization", "Bearer " + mintedByGateway0)
                .GET());
    assertThat(Instant.now())
        .as("the restart took longer than a token's life; the replay would prove nothing")
        .isBefore(exp);
    assertThat(replayed.status()).isEqualTo(200);
  }

  @Test
  void backendKilledThenEveryRequestGets502AtOnceAndRestartRecovers() {
    Traffic requests = traffic(targetsOnBothGateways(), "before");
    awaitCount(requests, "before", "gateway-1", 2);
    stack.backend.kill();
    requests.phase("fault");
    awaitCount(requests, "fault", "gateway-0", 6);
    awaitCount(requests, "fault", "gateway-1", 6);
    requests.phase("after");
    stack.backend.restart(FaultStack.STARTUP);
    awaitLastAnswer(requests, "gateway-1", 200);

    // gateway 1 meets a refused connection, gateway 0 a connection its link closes at once
    assertThat(requests.statusMix("fault", "gateway-1")).containsOnlyKeys(502);
    assertThat(requests.statusMix("fault", "gateway-0")).containsOnlyKeys(502);
    assertThat(requests.slowest("fault")).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
    assertThat(requests.wrongIdentities()).isEmpty();
  }

  @Test
  void backendFrozenThenEveryRequestGets504AfterTheResponseTimeoutNeverHangs() {
    Traffic requests = traffic(targetsOnBothGateways(), "before");
    awaitCount(requests, "before", "gateway-1", 2);
    stack.backend.freeze();
    requests.phase("fault");
    awaitCount(requests, "fault", "gateway-0", 3);
    awaitCount(requests, "fault", "gateway-1", 3);
    requests.phase("after");
    stack.backend.thaw();
    awaitLastAnswer(requests, "gateway-1", 200);

    assertThat(requests.statusMix("fault", "gateway-0")).containsOnlyKeys(504);
    assertThat(requests.statusMix("fault", "gateway-1")).containsOnlyKeys(504);
    assertThat(requests.slowest("fault")).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
    assertThat(requests.wrongIdentities()).isEmpty();
  }

  @Test
  void gatewayStoppedGracefullyThenRequestsInFlightAreAnsweredBeforeItExits() {
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Session session = client.loginAlice(0);
      assertThat(client.me(0, session).isFor(session)).isTrue();
      sessions.add(session);
    }
    // Slow answers (below the response timeout) keep the requests in flight during the stop.
    stack.backendLink.delay(Duration.ofSeconds(2));
    long before = stack.backendLink.bearerRequests();
    List<CompletableFuture<Outcome>> inFlight = new ArrayList<>();
    for (Session session : sessions) {
      inFlight.add(CompletableFuture.supplyAsync(() -> client.me(0, session)));
    }
    await()
        .atMost(AWAIT)
        .until(() -> stack.backendLink.bearerRequests() - before >= sessions.size());
    stack.gateways.get(0).beginStop();

    for (int i = 0; i < sessions.size(); i++) {
      Outcome answer = inFlight.get(i).join();
      assertThat(answer.status()).as("request in flight during the stop").isEqualTo(200);
      assertThat(answer.isFor(sessions.get(i))).isTrue();
    }
    await().atMost(Duration.ofSeconds(40)).until(() -> !stack.gateways.get(0).process().isAlive());
  }

  /** Two sessions per gateway, group "gateway-0" and "gateway-1". */
  private List<Target> targetsOnBothGateways() {
    List<Target> targets = new ArrayList<>();
    for (int gateway = 0; gateway < 2; gateway++) {
      for (int i = 0; i < 2; i++) {
        targets.add(new Target("gateway-" + gateway, gateway, client.loginAlice(gateway)));
      }
    }
    return targets;
  }

  private Traffic traffic(List<Target> targets, String phase) {
    Traffic started = Traffic.start(client, targets, phase);
    traffic.add(started);
    return started;
  }

  private static void awaitCount(Traffic traffic, String phase, String group, int count) {
    await().atMost(AWAIT).until(() -> traffic.count(phase, group) >= count);
  }

  private static void awaitLastAnswer(Traffic traffic, String group, int status) {
    await()
        .atMost(AWAIT)
        .until(
            () -> {
              List<Sample> after = traffic.samples("after", group);
              return !after.isEmpty() && after.get(after.size() - 1).outcome().status() == status;
            });
  }

  private static String payload(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
