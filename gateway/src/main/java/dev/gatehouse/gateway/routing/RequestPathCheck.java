package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.system.Denial;
import dev.gatehouse.gateway.system.GatewayErrors;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses, before route matching and before any upstream is called, a request whose path is not one
 * {@link RequestPaths} accepts: 400 problem JSON {@code bad_path}, counted as {@code
 * gatehouse.requests.denied{reason=bad-path}}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
final class RequestPathCheck implements WebFilter {

  private static final Logger log = LoggerFactory.getLogger(RequestPathCheck.class);

  private final GatewayErrors errors;
  private final MeterRegistry meters;

  RequestPathCheck(GatewayErrors errors, MeterRegistry meters) {
    this.errors = errors;
    this.meters = meters;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String reason = RequestPaths.violation(exchange.getRequest().getPath().value());
    if (reason == null) {
      return chain.filter(exchange);
    }
    meters.counter("gatehouse.requests.denied", "reason", "bad-path", "route", "-").increment();
    log.debug("refused a request path: {}", reason);
    return errors.render(exchange, new Denial.BadPath());
  }

  @Override
  public String toString() {
    return "RequestPathCheck";
  }
}
