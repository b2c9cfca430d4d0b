package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.CredentialResolution;
import dev.gatehouse.gateway.session.SessionCredential;
import dev.gatehouse.gateway.system.Denial;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Step 3 of {@link SessionRelayFilter}, the route's policy applied. In two parts because of their
 * order: the cross-site check runs before authentication (a refused write costs no introspection),
 * the auth-mode and role checks after it.
 */
@Component
final class AuthorizeStep {

  private static final Logger log = LoggerFactory.getLogger(SessionRelayFilter.class);

  private final CrossSiteRequestCheck crossSite;

  AuthorizeStep(CrossSiteRequestCheck crossSite) {
    Assert.notNull(crossSite, "crossSite cannot be null");
    this.crossSite = crossSite;
  }

  /**
   * Refuses a cross-site write carried by the browser's cookie; a bearer token is no ambient
   * credential, so it is exempt.
   *
   * @param received the request as the client sent it ({@code Origin}, {@code Sec-Fetch-Site})
   */
  Optional<Denial> crossSite(ServerHttpRequest received, CredentialResolution credential) {
    return crossSite.refuses(received, isBearer(credential))
        ? Optional.of(new Denial.CrossSite())
        : Optional.empty();
  }

  /**
   * What the route's policy says of {@code authentication}: refusals stand whatever the mode; no
   * session is fine only where auth is optional; a session needs one of the route's roles, and a
   * second factor where the route says {@code mfa: required}.
   */
  Optional<Denial> decide(RoutePolicy policy, Authentication authentication) {
    return authentication.accept(
        new Authentication.Cases<Optional<Denial>>() {
          @Override
          public Optional<Denial> authenticated(Authentication.Authenticated authenticated) {
            if (!authenticated.session().hasAnyRole(policy.roles())) {
              return missingRole(authenticated);
            }
            if (policy.mfaRequired() && !authenticated.session().hasOtp()) {
              log.info(
                  "denied sid={} user={} route='{}' reason=step-up-required",
                  authenticated.session().sid(),
                  authenticated.session().userId(),
                  policy.routeId());
              return Optional.of(new Denial.StepUpRequired());
            }
            return Optional.empty();
          }

          private Optional<Denial> missingRole(Authentication.Authenticated authenticated) {
            log.info(
                "denied sid={} user={} route='{}' reason=missing-role",
                authenticated.session().sid(),
                authenticated.session().userId(),
                policy.routeId());
            return Optional.of(new Denial.MissingRole());
          }

          @Override
          public Optional<Denial> anonymous(Authentication.Anonymous anonymous) {
            return policy.auth() == AuthMode.REQUIRED
                ? Optional.of(new Denial.Unauthenticated(anonymous.reason()))
                : Optional.empty();
          }

          @Override
          public Optional<Denial> refused(Authentication.Refused refused) {
            return Optional.of(refused.denial());
          }
        });
  }

  private static boolean isBearer(CredentialResolution credential) {
    return CredentialCases.dispatch(
        credential,
        new CredentialCases<Boolean>() {
          @Override
          public Boolean found(SessionCredential found) {
            return found.source() == SessionCredential.Source.BEARER;
          }

          @Override
          public Boolean malformed(String reason) {
            return false;
          }

          @Override
          public Boolean oversized() {
            return false;
          }

          @Override
          public Boolean absent() {
            return false;
          }
        });
  }

  @Override
  public String toString() {
    return "AuthorizeStep";
  }
}
