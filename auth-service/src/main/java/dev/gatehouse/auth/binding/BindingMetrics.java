package dev.gatehouse.auth.binding;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * {@code gatehouse_binding_total{event}}: DBSC registrations ({@code registered}), refreshes that
 * issued a new bound credential ({@code refreshed}) and refused registrations or refreshes ({@code
 * refused}; the audit trail has the reason). Every event is registered at start, so a dashboard
 * shows zeros rather than gaps.
 */
@Component
final class BindingMetrics {

  static final String NAME = "gatehouse.binding";

  static final List<String> EVENTS = List.of("registered", "refreshed", "refused");

  private final MeterRegistry meters;

  BindingMetrics(MeterRegistry meters) {
    Assert.notNull(meters, "meters cannot be null");
    this.meters = meters;
    EVENTS.forEach(this::count0);
  }

  void count(String event) {
    Assert.isTrue(EVENTS.contains(event), "unknown event");
    meters.counter(NAME, "event", event).increment();
  }

  private void count0(String event) {
    meters.counter(NAME, "event", event);
  }
}
