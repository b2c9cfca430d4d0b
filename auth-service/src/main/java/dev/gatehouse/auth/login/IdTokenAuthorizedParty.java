package dev.gatehouse.auth.login;

import java.util.List;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * OpenID Connect Core 1.0 §3.1.3.7 steps 4 and 5 as a requirement: an ID token with several
 * audiences must name this client as its authorized party ({@code azp}). Spring Security's {@code
 * OidcIdTokenValidator} checks {@code azp} only when present, so a token issued to another client
 * that merely lists this one among its audiences would otherwise log in.
 */
final class IdTokenAuthorizedParty implements OAuth2TokenValidator<Jwt> {

  private final String clientId;

  IdTokenAuthorizedParty(ClientRegistration registration) {
    this.clientId = registration.getClientId();
  }

  @Override
  public OAuth2TokenValidatorResult validate(Jwt token) {
    List<String> audience = token.getAudience();
    if (audience == null || audience.size() <= 1) {
      return OAuth2TokenValidatorResult.success();
    }
    return clientId.equals(token.getClaimAsString("azp"))
        ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(
            new OAuth2Error(
                "invalid_id_token",
                "An ID token with several audiences must name this client in azp",
                null));
  }
}
