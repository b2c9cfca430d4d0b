package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.revocation.LongLivedConnections;
import dev.gatehouse.gateway.session.CookieHeader;
import dev.gatehouse.gateway.session.CredentialResolution;
import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.gateway.session.IntrospectionProperties;
import dev.gatehouse.gateway.session.IntrospectionUnavailableException;
import dev.gatehouse.gateway.session.SessionCredential;
import dev.gatehouse.gateway.session.SessionCredentialResolver;
import dev.gatehouse.gateway.session.SessionIntrospector;
import dev.gatehouse.gateway.session.SessionProperties;
import dev.gatehouse.gateway.system.AccessLogWebFilter;
import dev.gatehouse.gateway.system.GatewayErrors;
import dev.gatehouse.gateway.system.SecurityHeadersWebFilter;
import dev.gatehouse.gateway.token.InternalTokenMinter;
import dev.gatehouse.gateway.token.TokenTooLargeException;
import dev.gatehouse.protocol.ClientAddressProof;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The Gatehouse pipeline on every routed request: strip spoofable headers and the session cookie,
 * refuse cross-site writes, resolve the session credential, introspect it, decide (401 / 302 to
 * login / 403 / 503), then mint the internal JWT for the route's audience and relay it as {@code
 * Authorization: Bearer} (RFC 6750) with convenience {@code X-Gatehouse-*} headers.
 */
@Component
final class SessionRelayFilter implements GlobalFilter, Ordered {

  /** Early, before any route filter could read the client's headers. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  private static final Logger log = LoggerFactory.getLogger(SessionRelayFilter.class);

  private final RoutePolicies policies;
  private final SpoofableHeaders spoofable;
  private final CrossSiteRequestCheck crossSite;
  private final SessionCredentialResolver credentials;
  private final SessionIntrospector introspector;
  private final InternalTokenMinter minter;
  private final GatewayErrors errors;
  private final IntrospectionProperties introspection;
  private final MeterRegistry meters;
  private final String cookieName;
  private final LongLivedConnections connections;
  private final AuthServiceUpstream authService;
  private final ClientAddressProof clientProof;
  private final ClientAddresses clientAddresses;
  private final MissBudget missBudget;

  SessionRelayFilter(
      RoutePolicies policies,
      SpoofableHeaders spoofable,
      CrossSiteRequestCheck crossSite,
      SessionCredentialResolver credentials,
      SessionIntrospector introspector,
      InternalTokenMinter minter,
      GatewayErrors errors,
      IntrospectionProperties introspection,
      SessionProperties session,
      LongLivedConnections connections,
      AuthServiceUpstream authService,
      ClientAddressProof clientProof,
      MeterRegistry meters,
      ClientAddresses clientAddresses,
      MissBudget missBudget) {
    Assert.notNull(introspector, "a SessionIntrospector bean is required");
    this.policies = policies;
    this.spoofable = spoofable;
    this.crossSite = crossSite;
    this.credentials = credentials;
    this.introspector = introspector;
    this.minter = minter;
    this.errors = errors;
    this.introspection = introspection;
    this.meters = meters;
    this.cookieName = session.cookieName();
    this.connections = connections;
    this.authService = authService;
    this.clientProof = clientProof;
    this.clientAddresses = clientAddresses;
    this.missBudget = missBudget;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Route route = route(exchange);
    RoutePolicy policy = policies.of(route);
    CredentialResolution credential = credentials.resolve(exchange.getRequest());
    ServerWebExchange stripped = stripSpoofableHeaders(exchange, authService.serves(route));
    if (crossSite.refuses(exchange.getRequest(), isBearer(credential))) {
      return deny(stripped, "cross-site-request", policy)
          .then(errors.forbidden(stripped, "cross_site_request", "Cross-site request refused."));
    }
    if (policy.auth() == AuthMode.NONE) {
      return chain.filter(stripped);
    }
    if (credential instanceof CredentialResolution.Found found) {
      String client = clientAddresses.of(exchange.getRequest());
      return withCredential(stripped, chain, policy, found.credential(), client);
    }
    if (credential instanceof CredentialResolution.Malformed malformed) {
      return withoutSession(stripped, chain, policy, malformed.reason());
    }
    if (credential instanceof CredentialResolution.Oversized) {
      return deny(stripped, "cookie-too-large", policy).then(errors.headersTooLarge(stripped));
    }
    return withoutSession(stripped, chain, policy, "no-credential");
  }

  private Mono<Void> withCredential(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      RoutePolicy policy,
      SessionCredential credential,
      String client) {
    Optional<Duration> overBudget = overMissBudget(credential, client);
    if (overBudget.isPresent()) {
      return deny(exchange, "miss-budget", policy)
          .then(errors.tooManyRequests(exchange, overBudget.get()));
    }
    return introspector
        .introspect(credential)
        .map(result -> new Outcome(result, null))
        .onErrorResume(
            IntrospectionUnavailableException.class, ex -> Mono.just(new Outcome(null, ex)))
        .flatMap(outcome -> decide(exchange, chain, policy, credential, outcome));
  }

  /**
   * Only a lookup that would leave this instance (an L1 miss) spends the client's budget: requests
   * whose session is cached, or joining a load in flight, are never limited.
   */
  private Optional<Duration> overMissBudget(SessionCredential credential, String client) {
    return introspector.isCached(credential) ? Optional.empty() : missBudget.spend(client);
  }

  /**
   * When auth-service answers a relayed request by clearing the session cookie (logout) or by
   * setting a new one (a login that ended the session it was sent), this instance drops its cached
   * introspection of the old session at once instead of serving it until the entry expires.
   */
  private void evictWhenSessionCookieReplaced(
      ServerWebExchange exchange, SessionCredential credential) {
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              HttpHeaders headers = exchange.getResponse().getHeaders();
              if (CookieHeader.sets(headers.getOrEmpty(HttpHeaders.SET_COOKIE), cookieName)) {
                introspector.evict(credential);
              }
              return Mono.empty();
            });
  }

  private Mono<Void> decide(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      RoutePolicy policy,
      SessionCredential credential,
      Outcome outcome) {
    IntrospectionUnavailableException failure = outcome.failure();
    if (failure != null) {
      log.warn(
          "auth-service unavailable for {} on route '{}': {}",
          credential,
          policy.routeId(),
          failure.getMessage());
      return deny(exchange, "auth-unavailable", policy)
          .then(errors.unavailable(exchange, introspection.retryAfter()));
    }
    if (!(outcome.result() instanceof Introspection.Active session)) {
      return withoutSession(exchange, chain, policy, "inactive-session");
    }
    if (!session.hasAnyRole(policy.roles())) {
      log.info(
          "denied sid={} user={} route='{}' reason=missing-role",
          session.sid(),
          session.userId(),
          policy.routeId());
      return deny(exchange, "missing-role", policy)
          .then(errors.forbidden(exchange, "forbidden", "A required role is missing."));
    }
    evictWhenSessionCookieReplaced(exchange, credential);
    return relay(exchange, chain, policy, session);
  }

  private Mono<Void> withoutSession(
      ServerWebExchange exchange, GatewayFilterChain chain, RoutePolicy policy, String reason) {
    if (policy.auth() == AuthMode.OPTIONAL) {
      return chain.filter(exchange);
    }
    return deny(exchange, reason, policy)
        .then(
            isHtmlNavigation(exchange.getRequest())
                ? errors.redirectToLogin(exchange)
                : errors.unauthenticated(exchange));
  }

  private Mono<Void> relay(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      RoutePolicy policy,
      Introspection.Active session) {
    String token;
    try {
      token = minter.tokenFor(session, policy.audience(), policy.claims());
    } catch (TokenTooLargeException ex) {
      log.error(
          "not relayed sid={} route='{}': {}", session.sid(), policy.routeId(), ex.getMessage());
      return errors.tokenTooLarge(exchange);
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
                  headers.set("X-Gatehouse-User", session.userId());
                  headers.set("X-Gatehouse-Username", session.username());
                  headers.set("X-Gatehouse-Roles", String.join(",", session.roles()));
                })
            .build();
    exchange.getAttributes().put(AccessLogWebFilter.SID_ATTRIBUTE, session.sid());
    exchange.getAttributes().put(AccessLogWebFilter.USER_ATTRIBUTE, session.userId());
    exchange.getAttributes().put(SecurityHeadersWebFilter.AUTHENTICATED_ATTRIBUTE, Boolean.TRUE);
    return chain.filter(exchange.mutate().request(request).build());
  }

  /**
   * Strips what clients must not send; on routes to auth-service, also states the client address
   * with a proof auth-service can check ({@link ClientAddressProof}), since auth-service trusts no
   * {@code X-Forwarded-For}.
   */
  private ServerWebExchange stripSpoofableHeaders(
      ServerWebExchange exchange, boolean toAuthService) {
    ServerHttpRequest received = exchange.getRequest();
    InetSocketAddress peer = received.getRemoteAddress();
    String client = toAuthService ? clientAddresses.of(received) : ClientAddresses.UNKNOWN;
    ServerHttpRequest request =
        received
            .mutate()
            .headers(
                headers -> {
                  spoofable.strip(headers, peer, received.getURI());
                  if (!ClientAddresses.UNKNOWN.equals(client)) {
                    headers.set(ClientAddressProof.HEADER, clientProof.sign(client));
                  }
                })
            .build();
    return exchange.mutate().request(request).build();
  }

  private Mono<Void> deny(ServerWebExchange exchange, String reason, RoutePolicy policy) {
    return Mono.fromRunnable(
        () -> {
          meters
              .counter("gatehouse.requests.denied", "reason", reason, "route", policy.routeId())
              .increment();
          log.debug(
              "denied {} {} route='{}' reason={}",
              exchange.getRequest().getMethod(),
              exchange.getRequest().getPath(),
              policy.routeId(),
              reason);
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

  private static boolean isBearer(CredentialResolution credential) {
    return credential instanceof CredentialResolution.Found found
        && found.credential().source() == SessionCredential.Source.BEARER;
  }

  /** A browser navigation (not an API call) gets a redirect to the login page instead of 401. */
  private static boolean isHtmlNavigation(ServerHttpRequest request) {
    if (!"GET".equals(request.getMethod().name()) && !"HEAD".equals(request.getMethod().name())) {
      return false;
    }
    return AcceptHeader.of(request.getHeaders()).stream()
        .anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
  }

  private static Route route(ServerWebExchange exchange) {
    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
    Assert.state(route != null, "SessionRelayFilter runs only on routed requests");
    return route;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "SessionRelayFilter[order=" + ORDER + "]";
  }

  /** Either the introspection result or why there is none. */
  private record Outcome(
      @Nullable Introspection result, @Nullable IntrospectionUnavailableException failure) {}
}
