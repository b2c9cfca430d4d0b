package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.SessionProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Drops {@code Set-Cookie} for the session cookie and the DBSC bound-credential cookie (in any
 * case, with or without a {@code __Host-} / {@code __Secure-} prefix), for auth-service's CSRF
 * cookie and for its OpenID Connect login binding ({@code GATEHOUSE_OIDC}) from the responses of
 * every route whose upstream is not auth-service: a buggy or compromised backend must not be able
 * to fix a session on the browser (session fixation) or plant a CSRF token. Each drop is counted in
 * {@code gatehouse.upstream.cookies.dropped{route}} and logged at WARN at most once a minute per
 * route.
 */
@Component
final class UpstreamCookieGuard implements GlobalFilter, Ordered {

  private static final Logger log = LoggerFactory.getLogger(UpstreamCookieGuard.class);
  private static final Duration WARN_INTERVAL = Duration.ofMinutes(1);
  private static final List<String> PREFIXES = List.of("__host-", "__secure-");

  private final AuthServiceUpstream authService;
  private final List<String> guarded;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Map<String, Instant> lastWarned = new ConcurrentHashMap<>();

  UpstreamCookieGuard(
      AuthServiceUpstream authService,
      SessionProperties session,
      MeterRegistry meters,
      Clock clock) {
    this.authService = authService;
    // gatehouse_oidc: auth-service's binding of a begun OpenID Connect login to its browser; a
    // backend planting one could hand a victim an attacker's login (login CSRF).
    this.guarded =
        List.of(
            unprefixed(session.cookieName()),
            unprefixed(session.boundCookieName()),
            "xsrf-token",
            "gatehouse_oidc");
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    if (route != null && !authService.serves(route)) {
      exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> guard(exchange, route)));
    }
    return chain.filter(exchange);
  }

  private void guard(ServerWebExchange exchange, Route route) {
    HttpHeaders headers = exchange.getResponse().getHeaders();
    List<String> setCookies = headers.getOrEmpty(HttpHeaders.SET_COOKIE);
    if (setCookies.isEmpty()) {
      return;
    }
    List<String> kept = setCookies.stream().filter(value -> !isGuarded(value)).toList();
    int dropped = setCookies.size() - kept.size();
    if (dropped == 0) {
      return;
    }
    headers.remove(HttpHeaders.SET_COOKIE);
    kept.forEach(value -> headers.add(HttpHeaders.SET_COOKIE, value));
    meters.counter("gatehouse.upstream.cookies.dropped", "route", route.getId()).increment(dropped);
    warnOncePerInterval(route.getId());
  }

  private boolean isGuarded(String setCookie) {
    int equals = setCookie.indexOf('=');
    String name = (equals < 0 ? setCookie : setCookie.substring(0, equals)).trim();
    return guarded.contains(unprefixed(name));
  }

  private static String unprefixed(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String prefix : PREFIXES) {
      if (lower.startsWith(prefix)) {
        return lower.substring(prefix.length());
      }
    }
    return lower;
  }

  private void warnOncePerInterval(String routeId) {
    Instant now = clock.instant();
    Instant previous = lastWarned.get(routeId);
    if (previous == null || !now.isBefore(previous.plus(WARN_INTERVAL))) {
      lastWarned.put(routeId, now);
      log.warn(
          "route '{}': dropped Set-Cookie for a Gatehouse cookie from an upstream that is not"
              + " auth-service (counted in gatehouse_upstream_cookies_dropped_total)",
          routeId);
    }
  }

  @Override
  public int getOrder() {
    return SessionRelayFilter.ORDER + 1;
  }

  @Override
  public String toString() {
    return "UpstreamCookieGuard" + guarded;
  }
}
