package dev.gatehouse.auth.oidc.logout;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Verifies the JOSE layer of a logout token (OpenID Connect Back-Channel Logout 1.0 §2.6 steps 1-3,
 * RFC 8725): a JWS (never {@code alg: none}) with an algorithm from the allow-list, signed by a key
 * of the registration's own JWKS ({@code jwk-set-uri}; keys named in the token's {@code jku},
 * {@code jwk} or {@code x5u} are never fetched), typed {@code logout+jwt} or plain {@code JWT} (or
 * untyped, which §2.4 still allows). The claims are then checked by {@link LogoutTokenClaims}.
 *
 * <p>One Nimbus processor per registration, built on first use: its JWKS is cached and fetched
 * again when a token names an unknown {@code kid} (the provider rotated its keys), rate limited.
 */
@Component
final class LogoutTokenVerifier {

  /** §2.4: {@code logout+jwt} is recommended, an untyped or plain {@code JWT} token still valid. */
  private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES =
      new DefaultJOSEObjectTypeVerifier<>(
          new JOSEObjectType("logout+jwt"),
          new JOSEObjectType("application/logout+jwt"),
          JOSEObjectType.JWT,
          null);

  private final Set<JWSAlgorithm> algorithms;
  private final LogoutTokenClaims claims;
  private final Map<String, DefaultJWTProcessor<SecurityContext>> processors =
      new ConcurrentHashMap<>();

  LogoutTokenVerifier(LogoutProperties properties, LogoutTokenClaims claims) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(claims, "claims cannot be null");
    this.algorithms = allowed(properties);
    this.claims = claims;
  }

  /**
   * The verified token.
   *
   * @throws InvalidLogoutTokenException when any check fails
   * @throws ProviderKeysUnavailableException when the provider's JWKS cannot be fetched
   */
  LogoutToken verify(ClientRegistration registration, String token) {
    SignedJWT jwt = parse(token);
    if (!algorithms.contains(jwt.getHeader().getAlgorithm())) {
      throw new InvalidLogoutTokenException("The logout token's alg is not allowed");
    }
    JWTClaimsSet verified;
    try {
      verified = processor(registration).process(jwt, null);
    } catch (KeySourceException ex) {
      throw new ProviderKeysUnavailableException(
          "The JWKS of " + registration.getRegistrationId() + " could not be fetched", ex);
    } catch (BadJOSEException | JOSEException ex) {
      throw new InvalidLogoutTokenException(
          "The logout token's signature or type is not valid", ex);
    }
    return claims.check(registration, verified);
  }

  private static SignedJWT parse(String token) {
    try {
      return SignedJWT.parse(token);
    } catch (ParseException ex) {
      // Also an unsecured JWT (alg: none), whose header is no JWS header.
      throw new InvalidLogoutTokenException("The logout token is not a signed JWT");
    }
  }

  private DefaultJWTProcessor<SecurityContext> processor(ClientRegistration registration) {
    return processors.computeIfAbsent(
        registration.getRegistrationId(), id -> newProcessor(registration));
  }

  private DefaultJWTProcessor<SecurityContext> newProcessor(ClientRegistration registration) {
    String jwkSetUri = registration.getProviderDetails().getJwkSetUri();
    if (!StringUtils.hasText(jwkSetUri)) {
      throw new InvalidLogoutTokenException(
          "Registration " + registration.getRegistrationId() + " has no jwk-set-uri");
    }
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.create(URI.create(jwkSetUri).toURL()).retrying(true).build();
    } catch (MalformedURLException | IllegalArgumentException ex) {
      throw new InvalidLogoutTokenException(
          "Registration " + registration.getRegistrationId() + " has an invalid jwk-set-uri");
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(TYPES);
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
    // The claims are checked by LogoutTokenClaims, with the service's clock and §2.6's rules.
    processor.setJWTClaimsSetVerifier((claimsSet, context) -> {});
    return processor;
  }

  private static Set<JWSAlgorithm> allowed(LogoutProperties properties) {
    Set<JWSAlgorithm> allowed =
        properties.jwsAlgorithms().stream()
            .map(JWSAlgorithm::parse)
            .filter(alg -> !JWSAlgorithm.Family.HMAC_SHA.contains(alg))
            .filter(alg -> !"none".equalsIgnoreCase(alg.getName()))
            .collect(Collectors.toUnmodifiableSet());
    Assert.notEmpty(allowed, "gatehouse.oidc.logout.jws-algorithms names no asymmetric algorithm");
    return allowed;
  }

  @Override
  public String toString() {
    return "LogoutTokenVerifier" + algorithms;
  }
}
