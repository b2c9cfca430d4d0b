package dev.gatehouse.e2e;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.jspecify.annotations.Nullable;

/**
 * A real OpenID provider in the test JVM ({@code mock-oauth2-server} on a random loopback port:
 * discovery, JWKS, tokens), registered at auth-service as {@value #REGISTRATION}. The {@link
 * #shared()} one has the interactive login page (a person types a subject and the claims of their
 * ID token) and serves the shared stack's browser tests; {@link #start()} starts one for a stack of
 * its own, which closes it. Either signs OpenID Connect Back-Channel Logout tokens with the key its
 * JWKS publishes, as the provider would send them when a user's provider session ends.
 */
final class OpenIdProvider implements AutoCloseable {

  static final String REGISTRATION = "corp";
  static final String CLIENT_ID = "gatehouse-e2e";
  static final String CLIENT_NAME = "Corp SSO";

  private static @Nullable OpenIdProvider shared;

  private final KeyProvider keys = new KeyProvider(List.of(), "RS256");
  private final MockOAuth2Server server;

  private OpenIdProvider(boolean interactiveLogin) {
    server =
        new MockOAuth2Server(
            new OAuth2Config(
                interactiveLogin,
                null,
                null,
                false,
                new OAuth2TokenProvider(keys),
                Set.of(),
                // Netty serves the interactive page to the browser; the token-only provider
                // answers discovery and JWKS alone, which the library's default server does too.
                interactiveLogin ? new NettyWrapper(null) : new MockWebServerWrapper(null)));
    server.start();
  }

  /** The interactive provider, started once and stopped when the JVM exits. */
  static synchronized OpenIdProvider shared() {
    if (shared == null) {
      OpenIdProvider started = new OpenIdProvider(true);
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
      shared = started;
    }
    return shared;
  }

  /** A provider without login page (tokens only), for a stack that closes it. */
  static OpenIdProvider start() {
    return new OpenIdProvider(false);
  }

  String issuer() {
    return server.issuerUrl(REGISTRATION).toString();
  }

  /**
   * auth-service's command-line arguments registering this provider as {@value #REGISTRATION}
   * (discovered from {@code issuer-uri}), its callback at {@code redirectUri}.
   */
  List<String> registrationArguments(String redirectUri, String scope) {
    String registration = "--spring.security.oauth2.client.registration." + REGISTRATION + ".";
    return List.of(
        registration + "client-id=" + CLIENT_ID,
        registration + "client-secret=e2e-client-secret",
        registration + "authorization-grant-type=authorization_code",
        registration + "redirect-uri=" + redirectUri,
        registration + "scope=" + scope,
        "--spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri=" + issuer());
  }

  /**
   * The registration for sign-in from the browser: the callback on the gateway (the browser's
   * origin), the button's name, auto-provision, and the group {@code corp-admins} mapped to role
   * admin.
   */
  List<String> signInArguments(String gatewayOrigin) {
    List<String> arguments =
        new ArrayList<>(
            registrationArguments(
                gatewayOrigin + "/login/oauth2/code/{registrationId}", "openid,profile"));
    arguments.addAll(
        List.of(
            "--spring.security.oauth2.client.registration."
                + REGISTRATION
                + ".client-name="
                + CLIENT_NAME,
            "--gatehouse.oidc.providers." + REGISTRATION + ".auto-provision=true",
            "--gatehouse.oidc.providers." + REGISTRATION + ".role-mapping.corp-admins=admin"));
    return arguments;
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
