package dev.gatehouse.auth.oidc;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Spring Security's resolver of {@code /oauth2/authorization/{registrationId}} (it adds {@code
 * state} and, for OpenID Connect, {@code nonce}) with PKCE (RFC 7636, {@code S256}) for every
 * client, confidential ones too (OAuth 2.0 Security BCP, RFC 9700 §2.1.1: it also stops code
 * injection), and the page to return to: the {@code next} parameter, checked by {@code
 * nextSanitizer}, kept inside the stored request.
 */
final class GatehouseAuthorizationRequestResolver implements OAuth2AuthorizationRequestResolver {

  private final DefaultOAuth2AuthorizationRequestResolver delegate;
  private final UnaryOperator<@Nullable String> nextSanitizer;

  GatehouseAuthorizationRequestResolver(
      ClientRegistrationRepository registrations, UnaryOperator<@Nullable String> nextSanitizer) {
    this.delegate =
        new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
    this.delegate.setAuthorizationRequestCustomizer(
        OAuth2AuthorizationRequestCustomizers.withPkce());
    this.nextSanitizer = nextSanitizer;
  }

  @Override
  public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
    return withNext(delegate.resolve(request), request);
  }

  @Override
  public @Nullable OAuth2AuthorizationRequest resolve(
      HttpServletRequest request, String clientRegistrationId) {
    return withNext(delegate.resolve(request, clientRegistrationId), request);
  }

  private @Nullable OAuth2AuthorizationRequest withNext(
      @Nullable OAuth2AuthorizationRequest resolved, HttpServletRequest request) {
    if (resolved == null) {
      return null;
    }
    String next = nextSanitizer.apply(request.getParameter("next"));
    return OAuth2AuthorizationRequest.from(resolved)
        .attributes(attributes -> attributes.put(JdbcAuthorizationRequestRepository.NEXT, next))
        .build();
  }
}
