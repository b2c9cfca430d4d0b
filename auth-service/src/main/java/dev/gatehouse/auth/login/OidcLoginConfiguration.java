package dev.gatehouse.auth.login;

import dev.gatehouse.auth.oidc.OidcProperties;
import dev.gatehouse.auth.oidc.OidcRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The filter chain of OpenID Connect login: {@code /oauth2/authorization/{registrationId}}
 * (redirect to the provider with {@code state}, {@code nonce} and PKCE) and {@code
 * /login/oauth2/code/{registrationId}} (the provider's answer: Spring Security exchanges the code,
 * validates the ID token — signature by the provider's JWKS, {@code iss}, {@code aud}, {@code azp},
 * {@code exp}, {@code iat}, {@code nonce} — and only then calls {@link OidcLoginHandlers}, which
 * creates the Gatehouse session). Stateless like every other chain: the authorization request waits
 * in the database ({@link OidcRequests}), the provider's tokens are dropped when the callback ends
 * ({@link #discardAuthorizedClients()}), no HTTP session exists. Without any provider configured
 * the paths answer 404.
 */
@Configuration(proxyBeanMethods = false)
class OidcLoginConfiguration {

  @Bean
  @Order(1)
  SecurityFilterChain oidcLoginChain(
      HttpSecurity http,
      ObjectProvider<ClientRegistrationRepository> registrations,
      OidcRequests requests,
      OidcLoginHandlers handlers)
      throws Exception {
    http.securityMatcher("/oauth2/authorization/*", "/login/oauth2/code/*")
        .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
        // Both are top-level GET navigations: the first starts a login, the second carries the
        // provider's answer, bound to this browser's login by state (single use) and PKCE.
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(cache -> cache.disable())
        .logout(logout -> logout.disable())
        .formLogin(form -> form.disable());
    ClientRegistrationRepository repository = registrations.getIfAvailable();
    if (repository != null) {
      http.oauth2Login(
          login ->
              login
                  .loginPage("/login")
                  .clientRegistrationRepository(repository)
                  .authorizationEndpoint(
                      endpoint ->
                          endpoint
                              .authorizationRequestRepository(requests.repository())
                              .authorizationRequestResolver(
                                  requests.resolver(repository, SafeRedirect::sanitize)))
                  .authorizedClientRepository(discardAuthorizedClients())
                  .successHandler(handlers)
                  .failureHandler(handlers));
    }
    return http.build();
  }

  /**
   * Spring Security's ID-token decoder: keys from the provider's JWKS, the algorithm of {@code
   * gatehouse.oidc.providers.<id>.id-token-signing-algorithm} (RS256 by default), and its own
   * validation ({@code OidcIdTokenValidator}: {@code iss}, {@code sub}, {@code aud} includes the
   * client, {@code azp} required with several audiences and then this client, {@code exp}, {@code
   * iat}, 60 s clock skew). The {@code nonce} is checked by the authentication provider itself.
   */
  @Bean
  JwtDecoderFactory<ClientRegistration> idTokenDecoderFactory(OidcProperties properties) {
    OidcIdTokenDecoderFactory factory = new OidcIdTokenDecoderFactory();
    factory.setJwsAlgorithmResolver(
        registration ->
            SignatureAlgorithm.from(
                properties.provider(registration.getRegistrationId()).idTokenSigningAlgorithm()));
    return factory;
  }

  /**
   * Spring Security would keep the provider's access and refresh tokens (in memory, by default) for
   * calling the provider later; Gatehouse never does, so they are not kept at all: they live only
   * while the callback request runs.
   */
  static OAuth2AuthorizedClientRepository discardAuthorizedClients() {
    return new OAuth2AuthorizedClientRepository() {
      @Override
      public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(
          String clientRegistrationId, Authentication principal, HttpServletRequest request) {
        return null;
      }

      @Override
      public void saveAuthorizedClient(
          OAuth2AuthorizedClient authorizedClient,
          Authentication principal,
          HttpServletRequest request,
          HttpServletResponse response) {}

      @Override
      public void removeAuthorizedClient(
          String clientRegistrationId,
          Authentication principal,
          HttpServletRequest request,
          HttpServletResponse response) {}
    };
  }
}
