package dev.gatehouse.auth.throttle;

/** The in-memory store keeps every promise of the throttle. */
class MemoryThrottleStoreTests extends ThrottleStoreContractTests {

  @Override
  ThrottleStore store() {
    return new MemoryThrottleStore();
  }
}
