package dev.gatehouse.auth.oidc;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * Gatehouse's side of OpenID Connect login. The providers themselves (client id and secret, {@code
 * issuer-uri}, scopes) are Spring Security's {@code spring.security.oauth2.client.registration.*}
 * and {@code .provider.*}; this adds what Gatehouse does with the identity a provider vouches for.
 *
 * @param providers per registration id (the key under {@code
 *     spring.security.oauth2.client.registration}): accounts and roles; a registration without an
 *     entry gets the defaults of {@link Provider}
 * @param mfaMethods the RFC 8176 {@code amr} values from a provider's ID token that count as
 *     multi-factor authentication: such a login meets {@code gatehouse.mfa.required-roles} and
 *     {@code gatehouse.mfa: required} routes without Gatehouse's own TOTP; default {@code
 *     mfa,otp,hwk}. Empty: every provider login needs the local second factor where one is due
 * @param requestTimeout how long a begun login (the authorization request: {@code state}, {@code
 *     nonce}, PKCE verifier) may take until the provider sends the browser back; default 10 min
 */
@ConfigurationProperties("gatehouse.oidc")
@Validated
public record OidcProperties(
    @DefaultValue Map<String, Provider> providers,
    @DefaultValue({"mfa", "otp", "hwk"}) List<String> mfaMethods,
    @DefaultValue("10m") Duration requestTimeout) {

  public OidcProperties {
    providers = Map.copyOf(providers);
    mfaMethods = mfaMethods.stream().map(OidcProperties::lower).filter(m -> !m.isEmpty()).toList();
    Assert.isTrue(
        !requestTimeout.isNegative() && !requestTimeout.isZero(),
        "gatehouse.oidc.request-timeout must be positive");
  }

  /** The settings of a registration, the defaults when it has none. */
  public Provider provider(String registrationId) {
    return providers.getOrDefault(registrationId, Provider.DEFAULTS);
  }

  /**
   * What Gatehouse does with the identities of one provider registration.
   *
   * @param autoProvision whether a first login of an identity not linked yet creates a Gatehouse
   *     account (username from {@code usernameClaim}); default false: such a login gets the "no
   *     account" page. An existing account with that username is never linked: the login is refused
   * @param usernameClaim the ID token (or UserInfo) claim that names a new account; default {@code
   *     preferred_username} (Keycloak, Okta, Entra ID); {@code email} for Google
   * @param displayNameClaim the claim that gives a new account its display name; default {@code
   *     name}
   * @param rolesClaim the claim listing the user's groups or roles at the provider (a list of
   *     strings, or one string); default {@code groups}
   * @param roleMapping provider group to Gatehouse role (an allow-list: groups not listed are
   *     ignored). Empty (the default): roles are not taken from the provider and operators manage
   *     them; not empty: the roles are replaced at every login by {@code defaultRoles} plus the
   *     mapped ones, and a change is announced to every gateway
   * @param defaultRoles roles every account of this provider has (a new account, and at each login
   *     when {@code roleMapping} is set); default {@code user}
   * @param idTokenSigningAlgorithm the JWS algorithm the provider signs ID tokens with (RS256,
   *     ES256, PS256, ...; never {@code none} or an HMAC); a token signed otherwise is refused;
   *     default {@code RS256}, the only one OpenID Connect requires of every provider
   */
  public record Provider(
      @DefaultValue("false") boolean autoProvision,
      @DefaultValue("preferred_username") String usernameClaim,
      @DefaultValue("name") String displayNameClaim,
      @DefaultValue("groups") String rolesClaim,
      @DefaultValue Map<String, String> roleMapping,
      @DefaultValue("user") List<String> defaultRoles,
      @DefaultValue("RS256") String idTokenSigningAlgorithm) {

    static final Provider DEFAULTS =
        new Provider(
            false, "preferred_username", "name", "groups", Map.of(), List.of("user"), "RS256");

    public Provider {
      Assert.hasText(usernameClaim, "username-claim cannot be empty");
      Assert.hasText(displayNameClaim, "display-name-claim cannot be empty");
      Assert.hasText(rolesClaim, "roles-claim cannot be empty");
      roleMapping =
          roleMapping.entrySet().stream()
              .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> lower(e.getValue())));
      defaultRoles = defaultRoles.stream().map(OidcProperties::lower).distinct().toList();
      Assert.isTrue(
          SignatureAlgorithm.from(idTokenSigningAlgorithm) != null,
          "id-token-signing-algorithm must be an asymmetric JWS algorithm (RS256, ES256, PS256, ...)");
    }

    /** Whether roles come from the provider at each login. */
    boolean managesRoles() {
      return !roleMapping.isEmpty();
    }
  }

  private static String lower(String value) {
    return value.strip().toLowerCase(Locale.ROOT);
  }
}
