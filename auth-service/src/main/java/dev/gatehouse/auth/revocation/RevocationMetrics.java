package dev.gatehouse.auth.revocation;

import dev.gatehouse.protocol.RevocationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * {@code gatehouse_revocations_total{reason}}: sessions revoked, counted once their transaction
 * committed ("changed" entries, which only refresh the gateways' caches, are not revocations). The
 * reason tag takes only the reasons Gatehouse itself records (the {@code REASON_*} constants of
 * {@link RevocationService}, read once, so a reason added there is counted under its own name); an
 * operator's free-text reason is counted as {@code operator}, so what operators type cannot grow
 * the number of time series.
 */
@Component
final class RevocationMetrics {

  static final String NAME = "gatehouse.revocations";

  static final String OPERATOR = "operator";

  private final MeterRegistry meters;
  private final Set<String> reasons;

  RevocationMetrics(MeterRegistry meters) {
    Assert.notNull(meters, "meters cannot be null");
    this.meters = meters;
    this.reasons = builtInReasons();
    reasons.forEach(this::counter);
    counter(OPERATOR);
  }

  void count(List<RevocationEvent> committed) {
    for (RevocationEvent event : committed) {
      if (event.isChange()) {
        // An account change (roles) announced to the gateways; the session stays valid.
        continue;
      }
      counter(reasons.contains(event.reason()) ? event.reason() : OPERATOR).increment();
    }
  }

  private Counter counter(String reason) {
    return Counter.builder(NAME)
        .description("Sessions revoked, by reason")
        .tag("reason", reason)
        .register(meters);
  }

  private static Set<String> builtInReasons() {
    return Arrays.stream(RevocationService.class.getFields())
        .filter(field -> field.getName().startsWith("REASON_"))
        .filter(field -> Modifier.isStatic(field.getModifiers()))
        .filter(field -> field.getType() == String.class)
        .map(RevocationMetrics::value)
        .collect(Collectors.toUnmodifiableSet());
  }

  private static String value(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }
}
