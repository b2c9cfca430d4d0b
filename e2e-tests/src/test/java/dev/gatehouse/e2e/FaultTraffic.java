package dev.gatehouse.e2e;

import static org.awaitility.Awaitility.await;

import dev.gatehouse.testsupport.faults.FaultClient;
import dev.gatehouse.testsupport.faults.FaultStack;
import dev.gatehouse.testsupport.faults.Traffic;
import dev.gatehouse.testsupport.faults.Traffic.Sample;
import dev.gatehouse.testsupport.faults.Traffic.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every fault test does around its fault, on the {@link SharedFaultStack}: heals the stack
 * before and after each test, logs sessions in, starts the requesting {@link Traffic} (closed after
 * the test, so no requester outlives it) and waits for answers. Registered with
 * {@code @RegisterExtension}.
 */
final class FaultTraffic implements BeforeEachCallback, AfterEachCallback {

  /** Generous: a restart of a service on a loaded 2-core machine. */
  static final Duration AWAIT = Duration.ofSeconds(90);

  final FaultStack stack = SharedFaultStack.get();
  final FaultClient client = new FaultClient(stack);
  private final List<Traffic> started = new ArrayList<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    stack.heal();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(Traffic::close);
    started.clear();
    stack.heal();
  }

  /** {@code sessions} fresh sessions of alice on {@code gateway}, in {@code group}. */
  List<Target> targets(String group, int gateway, int sessions) {
    List<Target> targets = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      targets.add(new Target(group, gateway, client.loginAlice(gateway)));
    }
    return targets;
  }

  /** Starts {@code targets} requesting, in {@code phase}; closed after the test. */
  Traffic traffic(List<Target> targets, String phase) {
    Traffic traffic = Traffic.start(client, targets, phase);
    started.add(traffic);
    return traffic;
  }

  static void awaitCount(Traffic traffic, String phase, String group, int count) {
    await().atMost(AWAIT).until(() -> traffic.count(phase, group) >= count);
  }

  /** Waits until the latest answer to {@code group} in phase "after" has {@code status}. */
  static void awaitLastAnswer(Traffic traffic, String group, int status) {
    await()
        .atMost(AWAIT)
        .until(
            () -> {
              List<Sample> after = traffic.samples("after", group);
              return !after.isEmpty() && after.get(after.size() - 1).outcome().status() == status;
            });
  }
}
