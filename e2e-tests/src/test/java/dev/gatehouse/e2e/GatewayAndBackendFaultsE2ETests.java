package dev.gatehouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testsupport.faults.FaultClient;
import dev.gatehouse.testsupport.faults.FaultStack;
import dev.gatehouse.testsupport.faults.Outcome;
import dev.gatehouse.testsupport.faults.Session;
import dev.gatehouse.testsupport.faults.Traffic;
import dev.gatehouse.testsupport.faults.Traffic.Target;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real failures of a gateway and of the backend behind it (issue 13): one of two gateways crashed
 * and restarted (users stay signed in, the other keeps serving, JWTs minted before still verify),
 * demo-backend down (502) and hung (504), and a gateway's graceful shutdown draining the requests
 * in flight. Each asserts the status mix, the latency bound and zero wrong identities.
 */
class GatewayAndBackendFaultsE2ETests {

  private static final JsonMapper json = JsonMapper.builder().build();

  @RegisterExtension final FaultTraffic faults = new FaultTraffic();
  private final FaultStack stack = faults.stack;
  private final FaultClient client = faults.client;

  @Test
  void gatewayKilledAndRestartedThenOtherKeepsServingUsersStaySignedInAndMintedJwtsVerify()
      throws Exception {
    List<Target> targets = targetsOnBothGateways();
    List<Target> onGateway0 = targets.stream().filter(t -> t.gateway() == 0).toList();
    Traffic other =
        faults.traffic(targets.stream().filter(t -> t.gateway() == 1).toList(), "before");
    Traffic restarted = faults.traffic(onGateway0, "before");
    FaultTraffic.awaitCount(restarted, "before", "gateway-0", 4);
    String mintedByGateway0 = stack.backendLink.lastBearerToken();
    assertThat(mintedByGateway0).isNotNull();

    // Like a load balancer with health checks: no traffic to gateway 0 until it is healthy again.
    restarted.close();
    stack.gateways.get(0).kill();
    other.phase("fault");
    FaultTraffic.awaitCount(other, "fault", "gateway-1", 12);
    stack.gateways.get(0).restart(FaultStack.STARTUP);
    other.phase("after");
    Traffic again = faults.traffic(onGateway0, "after");
    FaultTraffic.awaitCount(again, "after", "gateway-0", 6);

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
    // gateway 1 meets a refused connection, gateway 0 a connection its link closes at once
    assertWhileBackendFailsEveryRequestGets(
        502, 6, stack.backend::kill, () -> stack.backend.restart(FaultStack.STARTUP));
  }

  @Test
  void backendFrozenThenEveryRequestGets504AfterTheResponseTimeoutNeverHangs() {
    assertWhileBackendFailsEveryRequestGets(504, 3, stack.backend::freeze, stack.backend::thaw);
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
        .atMost(FaultTraffic.AWAIT)
        .until(() -> stack.backendLink.bearerRequests() - before >= sessions.size());
    stack.gateways.get(0).beginStop();

    for (int i = 0; i < sessions.size(); i++) {
      Outcome answer = inFlight.get(i).join();
      assertThat(answer.status()).as("request in flight during the stop").isEqualTo(200);
      assertThat(answer.isFor(sessions.get(i))).isTrue();
    }
    await().atMost(Duration.ofSeconds(40)).until(() -> !stack.gateways.get(0).process().isAlive());
  }

  /**
   * The demo-backend faults: while {@code fail} lasts (until {@code answers} per gateway) every
   * request through either gateway gets {@code status} within the bound; after {@code recover} it
   * is served again.
   */
  private void assertWhileBackendFailsEveryRequestGets(
      int status, int answers, Runnable fail, Runnable recover) {
    Traffic requests = faults.traffic(targetsOnBothGateways(), "before");
    FaultTraffic.awaitCount(requests, "before", "gateway-1", 2);
    fail.run();
    requests.phase("fault");
    FaultTraffic.awaitCount(requests, "fault", "gateway-0", answers);
    FaultTraffic.awaitCount(requests, "fault", "gateway-1", answers);
    requests.phase("after");
    recover.run();
    FaultTraffic.awaitLastAnswer(requests, "gateway-1", 200);

    assertThat(requests.statusMix("fault", "gateway-0")).containsOnlyKeys(status);
    assertThat(requests.statusMix("fault", "gateway-1")).containsOnlyKeys(status);
    assertThat(requests.slowest("fault")).isLessThanOrEqualTo(SharedFaultStack.LATENCY_BOUND);
    assertThat(requests.wrongIdentities()).isEmpty();
  }

  /** Two sessions per gateway, group "gateway-0" and "gateway-1". */
  private List<Target> targetsOnBothGateways() {
    List<Target> targets = new ArrayList<>(faults.targets("gateway-0", 0, 2));
    targets.addAll(faults.targets("gateway-1", 1, 2));
    return targets;
  }

  private static String payload(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
  }
}
