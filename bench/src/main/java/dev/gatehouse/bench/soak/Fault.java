package dev.gatehouse.bench.soak;

import dev.gatehouse.bench.Pause;
import dev.gatehouse.testsupport.faults.FaultStack;
import java.time.Duration;
import java.util.List;

/**
 * One scheduled fault: what breaks, and how it is put right after the hold (a restart on the same
 * port, a thaw). The phase it names covers the fault and the repair until the service is healthy.
 */
record Fault(String name, Action breakIt, Action repair) {

  /** A step against the stack. */
  interface Action {
    void run(FaultStack stack);
  }

  /** The schedule, repeated until the soak's time is up. */
  static List<Fault> schedule() {
    return List.of(
        new Fault(
            "auth-service killed",
            stack -> stack.authService.kill(),
            stack -> stack.authService.restart(FaultStack.STARTUP)),
        new Fault(
            "auth-service frozen",
            stack -> stack.authService.freeze(),
            stack -> stack.authService.thaw()),
        new Fault("redis killed", stack -> stack.redis.kill(), stack -> stack.redis.startAgain()),
        new Fault("redis frozen", stack -> stack.redis.freeze(), stack -> stack.redis.thaw()),
        new Fault(
            "postgres restarted",
            stack -> stack.postgres.stop(),
            stack -> stack.postgres.startAgain()),
        new Fault(
            "gateway-0 killed",
            stack -> stack.gateways.get(0).kill(),
            stack -> stack.gateways.get(0).restart(FaultStack.STARTUP)),
        new Fault(
            "gateway-0 drained",
            stack -> stack.gateways.get(0).beginStop(),
            stack -> stack.gateways.get(0).restart(FaultStack.STARTUP)));
  }

  /** Keeps the fault for {@code hold}, then repairs it. */
  void apply(FaultStack stack, Duration hold) {
    breakIt.run(stack);
    Pause.of(hold);
    repair.run(stack);
  }
}
