package dev.gatehouse.gateway.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The one meter both cache levels count their lookups on. */
final class CacheLookups {

  private CacheLookups() {}

  static Counter counter(MeterRegistry meters, String level, String result) {
    return Counter.builder("gatehouse.introspection.cache")
        .description("Introspection cache lookups by level and result (join = single-flight)")
        .tag("level", level)
        .tag("result", result)
        .register(meters);
  }
}
