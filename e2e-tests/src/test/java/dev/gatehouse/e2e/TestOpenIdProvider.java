package dev.gatehouse.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OpenID provider (mock-oauth2-server over HTTP: discovery, JWKS) for the stack's
 * auth-service, and OpenID Connect Back-Channel Logout tokens signed with the key its JWKS
 * publishes, as the provider would send them when a user's provider session ends.
 */
final class TestOpenIdProvider implements AutoCloseable {

  static final String REGISTRATION = "idp";
  static final String CLIENT_ID = "gatehouse-e2e";

  private final KeyProvider keys = new KeyProvider(List.of(), "RS256");
  private final MockOAuth2Server server =
      new MockOAuth2Server(
          new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));

  private TestOpenIdProvider() {
    server.start();
  }

  static TestOpenIdProvider start() {
    return new TestOpenIdProvider();
  }

  String issuer() {
    return server.issuerUrl(REGISTRATION).toString();
  }

  /** auth-service's command-line arguments registering this provider as {@value #REGISTRATION}. */
  List<String> registrationArguments() {
    String registration = "--spring.security.oauth2.client.registration." + REGISTRATION + ".";
    return List.of(
        registration + "client-id=" + CLIENT_ID,
        registration + "client-secret=e2e-client-secret",
        registration + "authorization-grant-type=authorization_code",
        registration + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
        registration + "scope=openid",
        "--spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri=" + issuer());
  }

  /** A logout token ending the provider session {@code sid}, issued now. */
  String logoutToken(String sid) {
    RSAKey key = (RSAKey) keys.signingKey(REGISTRATION);
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer())
            .audience(CLIENT_ID)
            .issueTime(new Date())
            .jwtID(UUID.randomUUID().toString())
            .claim("sid", sid)
            .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(new JOSEObjectType("logout+jwt"))
                .build(),
            claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    }
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
