package dev.gatehouse.bench;

import java.net.URI;

/**
 * How many RFC 7662 introspection calls a gateway has made to auth-service so far: the sum over
 * outcomes of {@code gatehouse_introspection_calls_seconds_count} on its Prometheus endpoint.
 */
final class IntrospectionCounter {

  private static final String METRIC = "gatehouse_introspection_calls_seconds_count";

  private final ControlClient client;
  private final URI prometheus;

  IntrospectionCounter(ControlClient client, URI management) {
    this.client = client;
    this.prometheus = management.resolve("/actuator/prometheus");
  }

  long read() {
    double total = 0;
    for (String line : client.text(prometheus).split("\n")) {
      if (line.startsWith(METRIC + "{") || line.startsWith(METRIC + " ")) {
        String sample = line.substring(line.lastIndexOf('}') + 1).trim();
        total += Double.parseDouble(sample.split(" ")[0]);
      }
    }
    return Math.round(total);
  }
}
