package dev.gatehouse.auth.revocation;

import dev.gatehouse.protocol.RevocationEvent;
import java.util.List;

/** Tells the gateways about revocations that have committed. Never throws. */
@FunctionalInterface
interface RevocationPublisher {

  RevocationPublisher NONE = events -> {};

  void publish(List<RevocationEvent> events);
}
