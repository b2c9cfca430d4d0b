package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.token.TokenProperties;
import dev.gatehouse.protocol.CrossSiteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * CSRF defence in depth ({@link CrossSiteRule}), on top of {@code SameSite=Lax}: a state-changing
 * browser request that is not authenticated by an explicit {@code Authorization} header is refused
 * when its {@code Origin} is foreign or {@code null}, or when {@code Sec-Fetch-Site} says
 * cross-site. Same origin means the {@code Origin} names the very host the request was sent to, the
 * gateway's issuer origin, or a configured allowed origin. Requests with neither header
 * (non-browser clients) pass. This also covers login CSRF: {@code POST /login} carries no cookie
 * yet, and WebSocket handshakes.
 */
@Component
class CrossSiteRequestCheck {

  private static final Set<HttpMethod> SAFE_METHODS =
      Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE);

  private final CrossSiteRule rule;

  CrossSiteRequestCheck(CsrfProperties csrf, TokenProperties token) {
    List<String> origins = new ArrayList<>(csrf.allowedOrigins());
    origins.add(token.issuer());
    this.rule = new CrossSiteRule(origins);
  }

  /**
   * Whether {@code request} must be refused with 403. A WebSocket handshake is a {@code GET} but
   * opens a channel that carries the session both ways, and browsers send it cross-site with
   * cookies (no CORS applies): it is checked like a write (cross-site WebSocket hijacking).
   */
  boolean refuses(ServerHttpRequest request, boolean bearerAuthenticated) {
    HttpHeaders headers = request.getHeaders();
    boolean upgrade = "websocket".equalsIgnoreCase(headers.getUpgrade());
    if ((SAFE_METHODS.contains(request.getMethod()) && !upgrade) || bearerAuthenticated) {
      return false;
    }
    return rule.refuses(
        headers.getOrEmpty(HttpHeaders.ORIGIN),
        headers.getFirst("Sec-Fetch-Site"),
        headers.getFirst(HttpHeaders.HOST));
  }
}
