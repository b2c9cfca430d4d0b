package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.session.SessionCookies;
import java.time.Clock;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parts of {@code oauth2Login()} Gatehouse replaces: the authorization requests stored in the
 * database (not in an HTTP session) and bound to the browser by a cookie, and the request resolver
 * that adds PKCE and the page to return to.
 */
@Component
public final class OidcRequests {

  /** The request attribute holding the checked page to go to after a provider login. */
  public static final String NEXT_ATTRIBUTE = JdbcAuthorizationRequestRepository.NEXT;

  private final JdbcAuthorizationRequestRepository repository;

  OidcRequests(
      JdbcClient jdbc,
      JsonMapper json,
      OidcProperties properties,
      Clock clock,
      SessionCookies sessionCookies) {
    this.repository =
        new JdbcAuthorizationRequestRepository(
            jdbc,
            json,
            properties,
            clock,
            new BrowserBinding(sessionCookies, properties.requestTimeout()));
  }

  public AuthorizationRequestRepository<OAuth2AuthorizationRequest> repository() {
    return repository;
  }

  public OAuth2AuthorizationRequestResolver resolver(
      ClientRegistrationRepository registrations, UnaryOperator<@Nullable String> nextSanitizer) {
    return new GatehouseAuthorizationRequestResolver(registrations, nextSanitizer);
  }
}
