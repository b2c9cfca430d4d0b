package dev.gatehouse.gateway.system;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's own answers when it refuses a request: RFC 9457 problem details with a stable
 * {@code error} member ({@code unauthenticated}, {@code forbidden}, {@code auth_unavailable}, ...),
 * or a redirect to the login page for HTML navigations. Every one is {@code Cache-Control:
 * no-store}.
 */
@Component
public final class GatewayErrors {

  private final JsonMapper json;

  GatewayErrors(JsonMapper json) {
    this.json = json;
  }

  /** 401 for API requests (RFC 6750 §3 challenge included). */
  public Mono<Void> unauthenticated(ServerWebExchange exchange) {
    exchange
        .getResponse()
        .getHeaders()
        .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\"");
    return problem(
        exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", "An active session is required.");
  }

  /** 302 to {@code /login?next=<path and query>} for HTML navigations. */
  public Mono<Void> redirectToLogin(ServerWebExchange exchange) {
    URI original = exchange.getRequest().getURI();
    String next =
        original.getRawPath()
            + (original.getRawQuery() != null ? "?" + original.getRawQuery() : "");
    URI login =
        UriComponentsBuilder.fromPath("/login")
            .queryParam("next", "{next}")
            .encode()
            .buildAndExpand(next)
            .toUri();
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatus.FOUND);
    response.getHeaders().setLocation(login);
    response.getHeaders().setCacheControl("no-store");
    return response.setComplete();
  }

  /** 400: the request itself is unacceptable (a path the gateway will not relay, ...). */
  public Mono<Void> badRequest(ServerWebExchange exchange, String error, String detail) {
    return problem(exchange, HttpStatus.BAD_REQUEST, error, detail);
  }

  public Mono<Void> forbidden(ServerWebExchange exchange, String error, String detail) {
    return problem(exchange, HttpStatus.FORBIDDEN, error, detail);
  }

  public Mono<Void> headersTooLarge(ServerWebExchange exchange) {
    return problem(
        exchange,
        HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
        "cookie_too_large",
        "The Cookie header is too large.");
  }

  /** 500: the minted token would exceed the header budget; the upstream is not called. */
  public Mono<Void> tokenTooLarge(ServerWebExchange exchange) {
    return problem(
        exchange,
        HttpStatus.INTERNAL_SERVER_ERROR,
        "token_too_large",
        "The identity token for this route exceeds the configured header budget.");
  }

  /** 503 with {@code Retry-After}: auth-service cannot answer, and the user is not logged out. */
  public Mono<Void> unavailable(ServerWebExchange exchange, Duration retryAfter) {
    retryAfter(exchange, retryAfter);
    return problem(
        exchange,
        HttpStatus.SERVICE_UNAVAILABLE,
        "auth_unavailable",
        "The session cannot be checked right now. Try again shortly.");
  }

  /**
   * 429 with {@code Retry-After} (RFC 6585 §4): this client has spent its budget of session lookups
   * that miss the cache; auth-service is not called.
   */
  public Mono<Void> tooManyRequests(ServerWebExchange exchange, Duration retryAfter) {
    retryAfter(exchange, retryAfter);
    return problem(
        exchange,
        HttpStatus.TOO_MANY_REQUESTS,
        "too_many_requests",
        "Too many requests with unknown session tokens. Try again later.");
  }

  /** {@code Retry-After} in whole seconds, at least one (RFC 9110 §10.2.3). */
  private static void retryAfter(ServerWebExchange exchange, Duration after) {
    exchange
        .getResponse()
        .getHeaders()
        .set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, after.toSeconds())));
  }

  private Mono<Void> problem(
      ServerWebExchange exchange, HttpStatus status, String error, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", detail);
    body.put("error", error);
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    response.getHeaders().setCacheControl("no-store");
    byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
