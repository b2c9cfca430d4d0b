package dev.gatehouse.auth.oidc.logout;

import dev.gatehouse.auth.oidc.logout.LogoutProperties.RpInitiated;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): where the browser goes after
 * Gatehouse logout revoked its session, when that session came from a provider whose registration
 * has {@code gatehouse.oidc.logout.rp-initiated.<id>.enabled}: the provider's {@code
 * end_session_endpoint} with {@code client_id} and {@code post_logout_redirect_uri}.
 *
 * <p>No {@code id_token_hint}: that would mean keeping every user's ID token for the life of the
 * session, a signed statement of who they are that Gatehouse otherwise never stores (the browser
 * never holds provider tokens either). §2 makes {@code client_id} the alternative; the provider
 * then knows the client and the redirect target, and may ask the user to confirm (Keycloak does).
 * Providers that insist on {@code id_token_hint} (Okta) are not supported for RP-initiated logout;
 * back-channel logout works with them.
 */
@Component
public final class EndSessionRedirects {

  private static final Logger log = LoggerFactory.getLogger(EndSessionRedirects.class);

  private final JdbcClient jdbc;
  private final ObjectProvider<ClientRegistrationRepository> registrations;
  private final LogoutProperties properties;
  private final URI defaultPostLogoutRedirect;

  EndSessionRedirects(
      JdbcClient jdbc,
      ObjectProvider<ClientRegistrationRepository> registrations,
      LogoutProperties properties,
      @Value("${gatehouse.token.issuer}") String gatewayBaseUrl) {
    Assert.notNull(jdbc, "jdbc cannot be null");
    Assert.notNull(registrations, "registrations cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    this.jdbc = jdbc;
    this.registrations = registrations;
    this.properties = properties;
    this.defaultPostLogoutRedirect =
        UriComponentsBuilder.fromUriString(gatewayBaseUrl).path("/login").build().toUri();
  }

  /**
   * The provider's end-session URL for the (already revoked) session {@code sid}, or empty when
   * logout stays local: a password session, or a provider without RP-initiated logout.
   */
  public Optional<URI> afterLogout(UUID sid) {
    Assert.notNull(sid, "sid cannot be null");
    if (properties.rpInitiated().isEmpty()) {
      return Optional.empty();
    }
    return issuerOf(sid).flatMap(this::registrationOf).flatMap(this::endSessionUri);
  }

  private Optional<String> issuerOf(UUID sid) {
    return jdbc.sql("SELECT idp_issuer FROM sessions WHERE sid = :sid AND idp_issuer IS NOT NULL")
        .param("sid", sid)
        .query(String.class)
        .optional();
  }

  /** The registration of that issuer with RP-initiated logout on. */
  private Optional<ClientRegistration> registrationOf(String issuer) {
    if (!(registrations.getIfAvailable() instanceof Iterable<?> all)) {
      return Optional.empty();
    }
    return StreamSupport.stream(all.spliterator(), false)
        .filter(ClientRegistration.class::isInstance)
        .map(ClientRegistration.class::cast)
        .filter(registration -> issuer.equals(registration.getProviderDetails().getIssuerUri()))
        .filter(registration -> settings(registration).enabled())
        .findFirst();
  }

  private Optional<URI> endSessionUri(ClientRegistration registration) {
    RpInitiated settings = settings(registration);
    URI endpoint = settings.endSessionUri();
    if (endpoint == null) {
      endpoint = discovered(registration);
    }
    if (endpoint == null) {
      log.warn(
          "RP-initiated logout is on for registration={} but its provider names no"
              + " end_session_endpoint; logout stays local",
          registration.getRegistrationId());
      return Optional.empty();
    }
    URI postLogout =
        settings.postLogoutRedirectUri() != null
            ? settings.postLogoutRedirectUri()
            : defaultPostLogoutRedirect;
    return Optional.of(
        UriComponentsBuilder.fromUri(endpoint)
            .queryParam("client_id", registration.getClientId())
            .queryParam("post_logout_redirect_uri", postLogout.toString())
            .encode()
            .build()
            .toUri());
  }

  private static @Nullable URI discovered(ClientRegistration registration) {
    Object endpoint =
        registration.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint");
    return endpoint == null ? null : URI.create(endpoint.toString());
  }

  private RpInitiated settings(ClientRegistration registration) {
    RpInitiated settings = properties.rpInitiated().get(registration.getRegistrationId());
    return settings == null ? new RpInitiated(false, null, null) : settings;
  }

  @Override
  public String toString() {
    return "EndSessionRedirects";
  }
}
