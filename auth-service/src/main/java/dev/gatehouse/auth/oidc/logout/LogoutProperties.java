package dev.gatehouse.auth.oidc.logout;

import jakarta.validation.constraints.NotEmpty;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Logout with the OpenID providers configured under {@code spring.security.oauth2.client.*}.
 *
 * @param jwsAlgorithms the signature algorithms a back-channel logout token may use; default {@code
 *     RS256, ES256}. {@code none} and the HMAC algorithms are never accepted, whatever is listed:
 *     the provider's keys come from its JWKS, and a client secret is no signing key for this
 * @param clockSkew how far the clocks of provider and Gatehouse may differ: a logout token issued
 *     up to this far in the future, or expired up to this long ago, is still accepted; default 30 s
 * @param maxTokenAge how old a logout token ({@code iat}) may be; older ones are refused. It bounds
 *     how long a token's {@code jti} must be remembered to refuse its replay; default 5 min
 * @param replayPurgeInterval how often the remembered {@code jti} values whose tokens are past
 *     {@code max-token-age} are deleted; default 10 min
 * @param rpInitiated RP-initiated logout per client registration id (the key of {@code
 *     spring.security.oauth2.client.registration.<id>}); a registration not listed keeps logout
 *     local to Gatehouse
 */
@ConfigurationProperties("gatehouse.oidc.logout")
@Validated
record LogoutProperties(
    @DefaultValue({"RS256", "ES256"}) @NotEmpty List<String> jwsAlgorithms,
    @DefaultValue("30s") Duration clockSkew,
    @DefaultValue("5m") Duration maxTokenAge,
    @DefaultValue("10m") Duration replayPurgeInterval,
    @DefaultValue Map<String, RpInitiated> rpInitiated) {

  /**
   * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) for one registration.
   *
   * @param enabled after revoking the Gatehouse session, send the browser to the provider's {@code
   *     end_session_endpoint} (from its discovery document); default {@code false}
   * @param postLogoutRedirectUri where the provider sends the browser back to; it must be
   *     registered at the provider. Default: {@code gatehouse.gateway-url} followed by {@code
   *     /login}
   * @param endSessionUri the provider's end-session endpoint when its discovery document has none
   *     (or the registration sets its endpoints by hand); default: from discovery
   */
  record RpInitiated(
      @DefaultValue("false") boolean enabled,
      @Nullable URI postLogoutRedirectUri,
      @Nullable URI endSessionUri) {}
}
