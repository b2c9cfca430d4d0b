package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.system.Denial;
import dev.gatehouse.gateway.system.GatewayErrors;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where {@link SessionRelayFilter}'s steps stop a request: counts {@code
 * gatehouse.requests.denied{reason,route}}, logs the reason id (never a token), and has {@link
 * GatewayErrors} render the {@link Denial}.
 */
@Component
final class Denials {

  private static final Logger log = LoggerFactory.getLogger(SessionRelayFilter.class);

  private final MeterRegistry meters;
  private final GatewayErrors errors;

  Denials(MeterRegistry meters, GatewayErrors errors) {
    Assert.notNull(meters, "meters cannot be null");
    Assert.notNull(errors, "errors cannot be null");
    this.meters = meters;
    this.errors = errors;
  }

  Mono<Void> refuse(ServerWebExchange exchange, RoutePolicy policy, Denial denial) {
    Mono<Void> counted =
        denial.counted()
            ? Mono.fromRunnable(() -> count(exchange, policy, denial.reason()))
            : Mono.empty();
    return counted.then(errors.render(exchange, denial));
  }

  private void count(ServerWebExchange exchange, RoutePolicy policy, String reason) {
    meters
        .counter("gatehouse.requests.denied", "reason", reason, "route", policy.routeId())
        .increment();
    log.debug(
        "denied {} {} route='{}' reason={}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath(),
        policy.routeId(),
        reason);
  }

  @Override
  public String toString() {
    return "Denials";
  }
}
