package dev.gatehouse.auth.login;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;

/**
 * The OpenID providers the sign-in page offers, one button each: every registration of Spring
 * Security's {@code spring.security.oauth2.client.registration.*} with the authorization code
 * grant, in configuration order. None when no provider is configured (Boot then creates no {@link
 * ClientRegistrationRepository}).
 */
@Component
final class LoginProviders {

  private final List<Provider> providers;

  LoginProviders(ObjectProvider<ClientRegistrationRepository> registrations) {
    List<Provider> found = new ArrayList<>();
    if (registrations.getIfAvailable() instanceof Iterable<?> all) {
      for (Object each : all) {
        if (each instanceof ClientRegistration registration
            && "authorization_code".equals(registration.getAuthorizationGrantType().getValue())) {
          found.add(new Provider(registration.getRegistrationId(), registration.getClientName()));
        }
      }
    }
    this.providers = List.copyOf(found);
  }

  List<Provider> all() {
    return providers;
  }

  /**
   * One button.
   *
   * @param id the registration id (in {@code /oauth2/authorization/{id}})
   * @param name the registration's {@code client-name}, shown as "Sign in with NAME"
   */
  record Provider(String id, String name) {}
}
