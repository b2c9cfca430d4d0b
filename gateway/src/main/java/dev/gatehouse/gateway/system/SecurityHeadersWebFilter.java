package dev.gatehouse.gateway.system;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security response headers on every response, errors included (ASVS 5.0 3.4.1 HSTS, 3.4.6 CSP
 * {@code frame-ancestors}, {@code X-Content-Type-Options}): an upstream's own value wins, a missing
 * one gets the gateway's default. Responses to authenticated requests that say nothing about
 * caching get {@code Cache-Control: no-store} (ASVS 5.0 14.3.2), so a shared cache or the back
 * button never replays one user's page.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class SecurityHeadersWebFilter implements WebFilter {

  private final SecurityHeadersProperties properties;

  SecurityHeadersWebFilter(SecurityHeadersProperties properties) {
    this.properties = properties;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> addHeaders(exchange)));
    return chain.filter(exchange);
  }

  private void addHeaders(ServerWebExchange exchange) {
    HttpHeaders headers = exchange.getResponse().getHeaders();
    setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
    setIfAbsent(headers, "Strict-Transport-Security", properties.hsts());
    setIfAbsent(headers, "Referrer-Policy", properties.referrerPolicy());
    if (!properties.frameAncestors().isBlank()) {
      setIfAbsent(
          headers, "Content-Security-Policy", "frame-ancestors " + properties.frameAncestors());
    }
    if (SessionPrincipal.of(exchange).isPresent()) {
      setIfAbsent(headers, HttpHeaders.CACHE_CONTROL, "no-store");
    }
  }

  private static void setIfAbsent(HttpHeaders headers, String name, String value) {
    if (!value.isBlank() && !headers.containsHeader(name)) {
      headers.set(name, value);
    }
  }
}
