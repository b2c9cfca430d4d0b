package dev.gatehouse.gateway.upstream;

import dev.gatehouse.gateway.system.GatewayErrors;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Turns a failing upstream into a 502 or 504 ({@link UpstreamFailure}) rendered by {@link
 * GatewayErrors} like every other gateway error, instead of the 500 and stack trace of the default
 * error handler. Ordered just around Spring Cloud Gateway's routing and response-writing filters,
 * so it sees only what happens on the way to the upstream and back, not Gatehouse's own steps.
 *
 * <p>A response whose head already went to the client cannot be rewritten: its connection is
 * closed, so the client sees a truncated body (a missing last chunk or a short {@code
 * Content-Length}), never a complete-looking one, and the failure is counted and logged like the
 * others.
 */
@Component
final class UpstreamFailureFilter implements GlobalFilter, Ordered {

  /** Outside {@link NettyWriteResponseFilter}, which streams the upstream's body back. */
  static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

  private final GatewayErrors errors;
  private final UpstreamFailureLog failures;

  UpstreamFailureFilter(GatewayErrors errors, UpstreamFailureLog failures) {
    Assert.notNull(errors, "errors cannot be null");
    Assert.notNull(failures, "failures cannot be null");
    this.errors = errors;
    this.failures = failures;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return chain
        .filter(exchange)
        .onErrorResume(
            error -> UpstreamFailure.of(error).isPresent(),
            error -> answer(exchange, UpstreamFailure.of(error).orElseThrow(), error));
  }

  private Mono<Void> answer(ServerWebExchange exchange, UpstreamFailure failure, Throwable error) {
    ServerHttpResponse response = exchange.getResponse();
    boolean committed = response.isCommitted();
    failures.record(routeId(exchange), failure, committed, error);
    if (committed) {
      cutOff(response);
      return Mono.empty();
    }
    forgetUpstreamHead(exchange);
    return errors.render(exchange, failure.denial);
  }

  /**
   * Closes the client's connection (with HTTP/2, its stream), so that the client sees the body end
   * early instead of waiting for the rest. Passing the error on would not: Spring treats a
   * "connection reset" as a client that went away and completes the response normally, leaving a
   * keep-alive client waiting for bytes that never come.
   */
  private static void cutOff(ServerHttpResponse response) {
    Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
    if (nativeResponse instanceof Connection connection) {
      connection.channel().close();
    }
  }

  /**
   * A connection reset after the upstream's head arrived leaves its status and headers (a {@code
   * Content-Length} among them) on the response: they must not describe the error body.
   */
  private static void forgetUpstreamHead(ServerWebExchange exchange) {
    HttpClientResponse upstream =
        exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR);
    if (upstream == null) {
      return;
    }
    HttpHeaders headers = exchange.getResponse().getHeaders();
    upstream.responseHeaders().names().forEach(headers::remove);
    headers.remove(HttpHeaders.CONTENT_LENGTH);
    headers.remove(HttpHeaders.TRANSFER_ENCODING);
  }

  private static String routeId(ServerWebExchange exchange) {
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    return route != null ? route.getId() : "-";
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "UpstreamFailureFilter[order="
        + ORDER
        + ", 502 on refused/reset/unresolved, 504 on timeout]";
  }
}
