package dev.gatehouse.gateway.system;

import dev.gatehouse.protocol.Assurance;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place a {@link Denial} becomes a response: RFC 9457 problem details with a stable {@code
 * error} member for API requests; for browser navigations a 302 to the login page when a session is
 * needed, else a small HTML page with the same status and {@code error} code. Every one is {@code
 * Cache-Control: no-store}.
 */
@Component
public final class GatewayErrors {

  /** Where a browser without a session goes. */
  static final String LOGIN_PAGE = "/login";

  /** auth-service's step-up page (the account route): asks for a code and comes back. */
  static final String STEP_UP_PAGE = "/account/step-up";

  /** RFC 9470 §3 challenge; {@code acr_values} names the class a step-up session gets. */
  static final String STEP_UP_CHALLENGE =
      "Bearer realm=\"gatehouse\", error=\"insufficient_user_authentication\","
          + " error_description=\"A second factor is required: complete step-up at "
          + STEP_UP_PAGE
          + "\", acr_values=\""
          + Assurance.ACR_MFA
          + "\"";

  private final JsonMapper json;

  GatewayErrors(JsonMapper json) {
    Assert.notNull(json, "json cannot be null");
    this.json = json;
  }

  /** Answers the request with {@code denial}; the upstream is not called. */
  public Mono<Void> render(ServerWebExchange exchange, Denial denial) {
    boolean navigation = isHtmlNavigation(exchange.getRequest());
    if (navigation && denial.needsLogin()) {
      return redirectTo(exchange, LOGIN_PAGE);
    }
    if (navigation && denial instanceof Denial.StepUpRequired) {
      return redirectTo(exchange, STEP_UP_PAGE);
    }
    HttpHeaders headers = exchange.getResponse().getHeaders();
    if (denial.needsLogin()) {
      // RFC 6750 §3: the API client learns which scheme would be accepted.
      headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse\"");
    }
    if (denial instanceof Denial.StepUpRequired) {
      // RFC 9470 §3: the client learns that a stronger authentication, not another token, helps.
      headers.set(HttpHeaders.WWW_AUTHENTICATE, STEP_UP_CHALLENGE);
    }
    Duration retryAfter = denial.retryAfter();
    if (retryAfter != null) {
      // Whole seconds, at least one (RFC 9110 §10.2.3).
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
    return navigation ? page(exchange, denial) : problem(exchange, denial);
  }

  /**
   * A browser navigation (GET or HEAD that names {@code text/html} explicitly), not an API call.
   * Unparseable {@code Accept} headers were removed before routing; the catch is a second guard.
   */
  static boolean isHtmlNavigation(ServerHttpRequest request) {
    String method = request.getMethod().name();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return false;
    }
    List<MediaType> accept;
    try {
      accept = request.getHeaders().getAccept();
    } catch (RuntimeException ex) {
      return false;
    }
    return accept.stream()
        .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
  }

  /** 302 to {@code page?next=<path and query>}. */
  private static Mono<Void> redirectTo(ServerWebExchange exchange, String page) {
    URI original = exchange.getRequest().getURI();
    String next =
        original.getRawPath()
            + (original.getRawQuery() != null ? "?" + original.getRawQuery() : "");
    URI login =
        UriComponentsBuilder.fromPath(page)
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

  private Mono<Void> problem(ServerWebExchange exchange, Denial denial) {
    HttpStatus status = denial.status();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", status.getReasonPhrase());
    body.put("status", status.value());
    body.put("detail", denial.detail());
    body.put("error", denial.error());
    return write(
        exchange, status, MediaType.APPLICATION_PROBLEM_JSON, json.writeValueAsString(body));
  }

  /** Static text only: no script, no request value echoed. */
  private static Mono<Void> page(ServerWebExchange exchange, Denial denial) {
    HttpStatus status = denial.status();
    String title = HtmlUtils.htmlEscape(status.value() + " " + status.getReasonPhrase());
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            + title
            + "</title></head>\n<body><h1>"
            + title
            + "</h1>\n<p>"
            + HtmlUtils.htmlEscape(denial.detail())
            + "</p>\n<p>Error code: <code>"
            + HtmlUtils.htmlEscape(denial.error())
            + "</code></p>\n<p><a href=\"/\">Home</a></p></body></html>\n";
    return write(
        exchange, status, new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8), html);
  }

  private static Mono<Void> write(
      ServerWebExchange exchange, HttpStatus status, MediaType type, String body) {
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(status);
    response.getHeaders().setContentType(type);
    response.getHeaders().setCacheControl("no-store");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
