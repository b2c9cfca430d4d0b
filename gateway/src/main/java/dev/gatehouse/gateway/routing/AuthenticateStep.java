package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.CredentialResolution;
import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.gateway.session.IntrospectionProperties;
import dev.gatehouse.gateway.session.IntrospectionUnavailableException;
import dev.gatehouse.gateway.session.SessionCredential;
import dev.gatehouse.gateway.session.SessionIntrospector;
import dev.gatehouse.gateway.system.Denial;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import reactor.core.publisher.Mono;

/**
 * Step 2 of {@link SessionRelayFilter}: credential → miss budget → RFC 7662 introspection → {@link
 * Authentication}. A malformed or absent credential and an inactive session are anonymous; an
 * oversized {@code Cookie} is 431; an introspection that would leave this instance past the
 * client's budget is 429; a failing auth-service is a service failure (503), never a silent
 * anonymous pass.
 */
@Component
final class AuthenticateStep {

  private static final Logger log = LoggerFactory.getLogger(SessionRelayFilter.class);

  private final SessionIntrospector introspector;
  private final MissBudget missBudget;
  private final ClientAddresses clientAddresses;
  private final Duration retryAfter;

  AuthenticateStep(
      SessionIntrospector introspector,
      MissBudget missBudget,
      ClientAddresses clientAddresses,
      IntrospectionProperties introspection) {
    Assert.notNull(introspector, "a SessionIntrospector bean is required");
    Assert.notNull(missBudget, "missBudget cannot be null");
    Assert.notNull(clientAddresses, "clientAddresses cannot be null");
    this.introspector = introspector;
    this.missBudget = missBudget;
    this.clientAddresses = clientAddresses;
    this.retryAfter = introspection.retryAfter();
  }

  /**
   * @param received the request as the client sent it (the budget is per client address)
   * @param routeId for the outage log line
   */
  Mono<Authentication> authenticate(
      ServerHttpRequest received, CredentialResolution credential, String routeId) {
    return CredentialCases.dispatch(
        credential,
        new CredentialCases<Mono<Authentication>>() {
          @Override
          public Mono<Authentication> found(SessionCredential found) {
            return introspect(found, clientAddresses.of(received), routeId);
          }

          @Override
          public Mono<Authentication> malformed(String reason) {
            return Mono.just(new Authentication.Anonymous(reason));
          }

          @Override
          public Mono<Authentication> oversized() {
            return Mono.just(new Authentication.Refused(new Denial.CookieTooLarge()));
          }

          @Override
          public Mono<Authentication> absent() {
            return Mono.just(new Authentication.Anonymous("no-credential"));
          }
        });
  }

  private Mono<Authentication> introspect(
      SessionCredential credential, String client, String routeId) {
    Optional<Duration> overBudget = overMissBudget(credential, client);
    if (overBudget.isPresent()) {
      return Mono.just(new Authentication.Refused(new Denial.TooManyRequests(overBudget.get())));
    }
    return introspector
        .introspect(credential)
        .map(result -> authentication(credential, result))
        .onErrorResume(
            IntrospectionUnavailableException.class,
            ex -> {
              if (ex.retryAfter().isEmpty()) {
                log.warn(
                    "auth-service unavailable for {} on route '{}': {}",
                    credential,
                    routeId,
                    ex.getMessage());
              } else {
                // The open circuit breaker logged its one WARN: not a line per refused request.
                log.debug(
                    "introspection circuit breaker open for {} on route '{}'", credential, routeId);
              }
              // An open circuit breaker knows when its next probe is; otherwise the setting.
              return Mono.just(
                  new Authentication.Refused(
                      new Denial.AuthUnavailable(ex.retryAfter().orElse(retryAfter))));
            });
  }

  /**
   * Only a lookup that would leave this instance (an L1 miss) spends the client's budget: requests
   * whose session is cached, or joining a load in flight, are never limited.
   */
  private Optional<Duration> overMissBudget(SessionCredential credential, String client) {
    return introspector.isCached(credential) ? Optional.empty() : missBudget.spend(client);
  }

  private static Authentication authentication(SessionCredential credential, Introspection result) {
    return result instanceof Introspection.Active active
        ? new Authentication.Authenticated(credential, active)
        : new Authentication.Anonymous("inactive-session");
  }

  @Override
  public String toString() {
    return "AuthenticateStep";
  }
}
