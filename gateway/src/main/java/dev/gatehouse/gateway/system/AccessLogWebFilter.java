package dev.gatehouse.gateway.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One line per request on the logger {@code gatehouse.access}: method, path (never the query, where
 * a careless client might put a token), status, duration, route, and the session id and user id
 * when the request was authenticated. Never a token. Turn it off with {@code
 * logging.level.gatehouse.access=WARN}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public final class AccessLogWebFilter implements WebFilter {

  private static final Logger log = LoggerFactory.getLogger("gatehouse.access");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!log.isInfoEnabled()) {
      return chain.filter(exchange);
    }
    long started = System.nanoTime();
    return chain.filter(exchange).doFinally(signal -> write(exchange, started));
  }

  private static void write(ServerWebExchange exchange, long started) {
    HttpStatusCode status = exchange.getResponse().getStatusCode();
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    SessionPrincipal principal = SessionPrincipal.of(exchange).orElse(null);
    log.info(
        "{} {} {} {}ms route={} sid={} user={}",
        exchange.getRequest().getMethod(),
        exchange.getRequest().getPath().value(),
        status != null ? status.value() : "-",
        (System.nanoTime() - started) / 1_000_000,
        route != null ? route.getId() : "-",
        principal != null ? principal.sid() : "-",
        principal != null ? principal.userId() : "-");
  }
}
