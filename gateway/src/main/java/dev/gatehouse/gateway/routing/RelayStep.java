package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.revocation.LongLivedConnections;
import dev.gatehouse.gateway.session.CookieHeader;
import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.gateway.session.SessionCredential;
import dev.gatehouse.gateway.session.SessionIntrospector;
import dev.gatehouse.gateway.session.SessionProperties;
import dev.gatehouse.gateway.system.Denial;
import dev.gatehouse.gateway.token.InternalTokenMinter;
import dev.gatehouse.gateway.token.TokenTooLargeException;
import dev.gatehouse.protocol.GatehouseHeaders;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Step 4 of {@link SessionRelayFilter}, for an authorized session: mint the internal JWT for the
 * route's audience, relay it as {@code Authorization: Bearer} (RFC 6750, replaced, never appended)
 * with the {@code X-Gatehouse-*} convenience headers, track long-lived connections so revocation
 * can end them, and forget the cached session when auth-service replaces its cookie.
 */
@Component
final class RelayStep {

  private static final Logger log = LoggerFactory.getLogger(SessionRelayFilter.class);

  private final InternalTokenMinter minter;
  private final SessionIntrospector introspector;
  private final LongLivedConnections connections;
  private final Denials denials;
  private final String cookieName;
  private final String boundCookieName;

  RelayStep(
      InternalTokenMinter minter,
      SessionIntrospector introspector,
      LongLivedConnections connections,
      Denials denials,
      SessionProperties session) {
    Assert.notNull(minter, "minter cannot be null");
    Assert.notNull(introspector, "a SessionIntrospector bean is required");
    Assert.notNull(connections, "connections cannot be null");
    Assert.notNull(denials, "denials cannot be null");
    this.minter = minter;
    this.introspector = introspector;
    this.connections = connections;
    this.denials = denials;
    this.cookieName = session.cookieName();
    this.boundCookieName = session.boundCookieName();
  }

  Mono<Void> relay(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      RoutePolicy policy,
      Authentication.Authenticated authenticated) {
    Introspection.Active session = authenticated.session();
    evictWhenSessionCookieReplaced(exchange, authenticated.credential(), session.sid());
    String token;
    try {
      token = minter.tokenFor(session, policy.audience(), policy.claims());
    } catch (TokenTooLargeException ex) {
      log.error(
          "not relayed sid={} route='{}': {}", session.sid(), policy.routeId(), ex.getMessage());
      return denials.refuse(exchange, policy, new Denial.TokenTooLarge());
    }
    if (isLongLived(exchange.getRequest())) {
      connections.track(session.sid(), exchange.getRequest());
    }
    ServerHttpRequest request =
        exchange
            .getRequest()
            .mutate()
            .headers(
                headers -> {
                  headers.setBearerAuth(token);
                  headers.set(GatehouseHeaders.USER, session.userId());
                  headers.set(GatehouseHeaders.USERNAME, session.username());
                  headers.set(GatehouseHeaders.ROLES, String.join(",", session.roles()));
                })
            .build();
    authenticated.principal().putOn(exchange);
    return chain.filter(exchange.mutate().request(request).build());
  }

  /**
   * When auth-service answers a relayed request by clearing the session cookie (logout) or by
   * setting a new one (a login that ended the session it was sent), this instance drops its cached
   * introspection of the old session at once instead of serving it until the entry expires. When it
   * sets the DBSC bound-credential cookie (a registration or a refresh; only auth-service may), the
   * session's answers are dropped at every level, so an answer cached before the session was bound
   * ("not bound") no longer lets the bare session cookie pass here or through the shared cache.
   */
  private void evictWhenSessionCookieReplaced(
      ServerWebExchange exchange, SessionCredential credential, String sid) {
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              List<String> setCookies =
                  exchange.getResponse().getHeaders().getOrEmpty(HttpHeaders.SET_COOKIE);
              if (CookieHeader.sets(setCookies, cookieName)) {
                introspector.evict(credential);
              }
              if (CookieHeader.sets(setCookies, boundCookieName)) {
                return introspector.refreshSession(sid);
              }
              return Mono.empty();
            });
  }

  /**
   * WebSocket upgrades and event streams stay open for long; revocation must be able to end them.
   */
  private static boolean isLongLived(ServerHttpRequest request) {
    HttpHeaders headers = request.getHeaders();
    return "websocket".equalsIgnoreCase(headers.getUpgrade())
        || AcceptHeader.of(headers).contains(MediaType.TEXT_EVENT_STREAM);
  }

  @Override
  public String toString() {
    return "RelayStep";
  }
}
