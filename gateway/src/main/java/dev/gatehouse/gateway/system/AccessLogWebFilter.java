package dev.gatehouse.gateway.system;

import io.micrometer.tracing.handler.TracingObservationHandler;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One line per request on the logger {@code gatehouse.access}: client address, method, path (never
 * the query, where a careless client might put a token), status, duration, route, the session id
 * and user id when the request was authenticated, and the W3C trace id. The same facts are SLF4J
 * key-values ({@code client_address}, {@code method}, {@code path}, {@code route}, {@code status},
 * {@code latency_ms}, {@code sid}, {@code user_id}, {@code trace_id}), so the JSON logs of the
 * {@code prod} profile carry them as members. Never a token or a cookie. Turn it off with {@code
 * logging.level.gatehouse.access=WARN}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public final class AccessLogWebFilter implements WebFilter {

  private static final Logger log = LoggerFactory.getLogger("gatehouse.access");

  private static final String CLIENT = AccessLogWebFilter.class.getName() + ".client";

  private static final String NONE = "-";

  /**
   * Records the client address the gateway resolved (trusted-proxy chain applied), for the line;
   * without it the line names the connection's peer.
   */
  public static void recordClient(ServerWebExchange exchange, String address) {
    Assert.hasText(address, "address cannot be empty");
    exchange.getAttributes().put(CLIENT, address);
  }

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
    String client = client(exchange);
    String method = exchange.getRequest().getMethod().name();
    String path = exchange.getRequest().getPath().value();
    String code = status != null ? Integer.toString(status.value()) : NONE;
    long latency = (System.nanoTime() - started) / 1_000_000;
    String routeId = route != null ? route.getId() : NONE;
    String sid = principal != null ? principal.sid() : NONE;
    String user = principal != null ? principal.userId() : NONE;
    String traceId = traceId(exchange);
    log.atInfo()
        .setMessage("{} {} {} {}ms route={} sid={} user={} client={} trace={}")
        .addArgument(method)
        .addArgument(path)
        .addArgument(code)
        .addArgument(latency)
        .addArgument(routeId)
        .addArgument(sid)
        .addArgument(user)
        .addArgument(client)
        .addArgument(traceId)
        .addKeyValue("client_address", client)
        .addKeyValue("method", method)
        .addKeyValue("path", path)
        .addKeyValue("route", routeId)
        .addKeyValue("status", code)
        .addKeyValue("latency_ms", latency)
        .addKeyValue("sid", sid)
        .addKeyValue("user_id", user)
        .addKeyValue("trace_id", traceId)
        .log();
  }

  private static String client(ServerWebExchange exchange) {
    String recorded = exchange.getAttribute(CLIENT);
    if (recorded != null) {
      return recorded;
    }
    InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
    return peer != null && peer.getAddress() != null ? peer.getAddress().getHostAddress() : NONE;
  }

  /** The trace of the server observation WebFlux opened for this request, if tracing is on. */
  private static String traceId(ServerWebExchange exchange) {
    return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
        .map(
            context ->
                context.<TracingObservationHandler.@Nullable TracingContext>get(
                    TracingObservationHandler.TracingContext.class))
        .map(AccessLogWebFilter::traceIdOf)
        .orElse(NONE);
  }

  private static @Nullable String traceIdOf(TracingObservationHandler.TracingContext tracing) {
    return tracing.getSpan() != null ? tracing.getSpan().context().traceId() : null;
  }
}
