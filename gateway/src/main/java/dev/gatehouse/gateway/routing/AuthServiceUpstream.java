package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.IntrospectionProperties;
import java.net.URI;
import java.util.Locale;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.stereotype.Component;

/**
 * Tells the routes whose upstream is auth-service — the same scheme, host and port as the
 * introspection endpoint — from all the others. Only auth-service may set the session cookie, and
 * only auth-service receives the gateway's client-address proof; no setting can widen either.
 */
@Component
final class AuthServiceUpstream {

  private final String origin;

  AuthServiceUpstream(IntrospectionProperties introspection) {
    this.origin = origin(introspection.uri());
  }

  boolean serves(Route route) {
    return origin.equals(origin(route.getUri()));
  }

  private static String origin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (port < 0) {
      port = "https".equals(scheme) ? 443 : 80;
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + ":" + port;
  }

  @Override
  public String toString() {
    return "AuthServiceUpstream[" + origin + "]";
  }
}
