package dev.gatehouse.gateway.routing;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The parsed {@link RoutePolicy} of each route, read once per route. The configured routes are
 * checked at start, so a typo in route metadata stops the start instead of failing requests.
 */
@Component
class RoutePolicies {

  private static final Logger log = LoggerFactory.getLogger(RoutePolicies.class);

  private final Map<String, RoutePolicy> byRoute = new ConcurrentHashMap<>();

  RoutePolicies(GatewayProperties gateway) {
    gateway
        .getRoutes()
        .forEach(
            route -> {
              RoutePolicy policy = RoutePolicy.of(route.getId(), route.getMetadata());
              log.info(
                  "route '{}': auth={}, aud={}, roles={}, mfa={}, binding={}",
                  policy.routeId(),
                  policy.auth().name().toLowerCase(Locale.ROOT),
                  policy.audience(),
                  policy.roles(),
                  policy.mfaRequired() ? "required" : "optional",
                  policy.binding().metadataValue());
            });
  }

  RoutePolicy of(Route route) {
    return byRoute.computeIfAbsent(route.getId(), id -> RoutePolicy.of(route));
  }

  @EventListener(RefreshRoutesEvent.class)
  void forget() {
    byRoute.clear();
  }
}
