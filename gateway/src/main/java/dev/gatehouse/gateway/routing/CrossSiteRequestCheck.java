package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.token.TokenProperties;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * CSRF defence in depth (ASVS 5.0 3.5.1–3.5.3), on top of {@code SameSite=Lax}: a state-changing
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

  private final Set<String> allowedOrigins;

  CrossSiteRequestCheck(CsrfProperties csrf, TokenProperties token) {
    Set<String> origins = new HashSet<>();
    origins.add(origin(token.issuer()));
    csrf.allowedOrigins().forEach(allowed -> origins.add(origin(allowed)));
    this.allowedOrigins = Set.copyOf(origins);
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
    String fetchSite = headers.getFirst("Sec-Fetch-Site");
    if ("cross-site".equalsIgnoreCase(fetchSite)) {
      return true;
    }
    List<String> origins = headers.getOrEmpty(HttpHeaders.ORIGIN);
    if (origins.isEmpty()) {
      return false;
    }
    if (origins.size() > 1) {
      return true;
    }
    if ("null".equals(origins.get(0))) {
      // A page with Referrer-Policy: no-referrer makes browsers send Origin: null even on its own
      // form posts; only the browser can set Sec-Fetch-Site, so same-origin there is trustworthy.
      return !"same-origin".equalsIgnoreCase(fetchSite);
    }
    return !isSameOrAllowed(origins.get(0), headers.getFirst(HttpHeaders.HOST));
  }

  private boolean isSameOrAllowed(String origin, @Nullable String host) {
    String normalized = origin(origin);
    if (allowedOrigins.contains(normalized)) {
      return true;
    }
    URI uri = parse(origin);
    return uri != null
        && host != null
        && uri.getRawAuthority() != null
        && uri.getRawAuthority().equalsIgnoreCase(host);
  }

  private static String origin(String url) {
    URI uri = parse(url.trim());
    if (uri == null || uri.getScheme() == null || uri.getRawAuthority() == null) {
      return url.trim().toLowerCase(Locale.ROOT);
    }
    return (uri.getScheme() + "://" + uri.getRawAuthority()).toLowerCase(Locale.ROOT);
  }

  private static @Nullable URI parse(String value) {
    try {
      return URI.create(value);
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }
}
