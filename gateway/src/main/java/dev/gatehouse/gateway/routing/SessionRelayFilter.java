package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.CredentialResolution;
import dev.gatehouse.gateway.session.SessionCredentialResolver;
import dev.gatehouse.gateway.system.Denial;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The Gatehouse pipeline on every routed request, as ordered steps: {@link SanitizeStep} (strip
 * what clients must not send) → {@link AuthorizeStep#crossSite} → {@link AuthenticateStep}
 * (credential → miss budget → RFC 7662 introspection) → {@link BindingRule} (DBSC device binding) →
 * {@link AuthorizeStep#decide} (auth mode, roles) → {@link RelayStep} (mint the internal JWT, relay
 * it as {@code Authorization: Bearer}). Whatever stops a request is a {@link Denial}, answered by
 * {@link Denials}.
 *
 * <p>The credential, the client address and the cross-site check read the request as the client
 * sent it; everything after the first step — every response, the upstream — sees the stripped one.
 */
@Component
final class SessionRelayFilter implements GlobalFilter, Ordered {

  /** Early, before any route filter could read the client's headers. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

  private final RoutePolicies policies;
  private final SessionCredentialResolver credentials;
  private final SanitizeStep sanitize;
  private final AuthenticateStep authenticate;
  private final BindingRule binding;
  private final AuthorizeStep authorize;
  private final RelayStep relay;
  private final Denials denials;

  SessionRelayFilter(
      RoutePolicies policies,
      SessionCredentialResolver credentials,
      SanitizeStep sanitize,
      AuthenticateStep authenticate,
      BindingRule binding,
      AuthorizeStep authorize,
      RelayStep relay,
      Denials denials) {
    Assert.notNull(policies, "policies cannot be null");
    Assert.notNull(credentials, "credentials cannot be null");
    Assert.notNull(sanitize, "sanitize cannot be null");
    Assert.notNull(authenticate, "authenticate cannot be null");
    Assert.notNull(binding, "binding cannot be null");
    Assert.notNull(authorize, "authorize cannot be null");
    Assert.notNull(relay, "relay cannot be null");
    Assert.notNull(denials, "denials cannot be null");
    this.policies = policies;
    this.credentials = credentials;
    this.sanitize = sanitize;
    this.authenticate = authenticate;
    this.binding = binding;
    this.authorize = authorize;
    this.relay = relay;
    this.denials = denials;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    Route route = route(exchange);
    RoutePolicy policy = policies.of(route);
    ServerHttpRequest received = exchange.getRequest();
    CredentialResolution credential = credentials.resolve(received);
    ServerWebExchange stripped = sanitize.apply(exchange, route);
    Optional<Denial> crossSite = authorize.crossSite(received, credential);
    if (crossSite.isPresent()) {
      return denials.refuse(stripped, policy, crossSite.get());
    }
    if (policy.auth() == AuthMode.NONE) {
      return chain.filter(stripped);
    }
    return authenticate
        .authenticate(received, credential, policy.routeId())
        .map(authentication -> binding.apply(policy, authentication))
        .flatMap(authentication -> authorized(stripped, chain, policy, authentication));
  }

  private Mono<Void> authorized(
      ServerWebExchange exchange,
      GatewayFilterChain chain,
      RoutePolicy policy,
      Authentication authentication) {
    Optional<Denial> denial = authorize.decide(policy, authentication);
    if (denial.isPresent()) {
      return denials.refuse(exchange, policy, denial.get());
    }
    return authentication.accept(
        new Authentication.Cases<Mono<Void>>() {
          @Override
          public Mono<Void> authenticated(Authentication.Authenticated authenticated) {
            return relay.relay(exchange, chain, policy, authenticated);
          }

          @Override
          public Mono<Void> anonymous(Authentication.Anonymous anonymous) {
            return chain.filter(exchange);
          }

          @Override
          public Mono<Void> refused(Authentication.Refused refused) {
            // decide() never lets a refusal through; answering it keeps this total.
            return denials.refuse(exchange, policy, refused.denial());
          }
        });
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
    return "SessionRelayFilter[order="
        + ORDER
        + ", steps=sanitize,authorize(cross-site),authenticate,binding,authorize,relay]";
  }
}
