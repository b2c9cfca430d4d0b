package dev.gatehouse.auth.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real OpenID provider for the tests ({@code mock-oauth2-server}: discovery, JWKS, authorization
 * code with PKCE, over HTTP on a random loopback port), with the browser's part of a login (follow
 * the redirect to the provider, take its redirect back) and the ID-token forgeries the fault proxy
 * applies. One instance serves several issuers: {@code <base>/<issuerId>}.
 */
final class TestIdentityProvider {

  static final String CLIENT_ID = "gatehouse";
  static final String CLIENT_SECRET = "gatehouse-client-secret";

  // Netty, not the default OkHttp MockWebServer: auth-service's OpenTelemetry exporter brings
  // OkHttp 5, which MockWebServer 4 cannot run on.
  private final MockOAuth2Server server =
      new MockOAuth2Server(
          new OAuth2Config(
              false,
              null,
              null,
              false,
              new OAuth2TokenProvider(),
              Set.of(),
              new NettyWrapper(null)));
  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  TestIdentityProvider() {
    server.start();
  }

  String issuer(String issuerId) {
    return server.issuerUrl(issuerId).toString();
  }

  URI tokenEndpoint(String issuerId) {
    return server.tokenEndpointUrl(issuerId).uri();
  }

  /** Spring Security's registration {@code id} for the issuer {@code id}, discovered. */
  void register(DynamicPropertyRegistry registry, String id) {
    String prefix = "spring.security.oauth2.client.registration." + id;
    registry.add(prefix + ".client-id", () -> CLIENT_ID);
    registry.add(prefix + ".client-secret", () -> CLIENT_SECRET);
    registry.add(prefix + ".client-name", () -> "IdP " + id);
    registry.add(prefix + ".scope", () -> "openid,profile");
    registry.add("spring.security.oauth2.client.provider." + id + ".issuer-uri", () -> issuer(id));
  }

  /**
   * The identity the provider vouches for at its next login at {@code issuerId}. The provider keeps
   * one queue for all issuers and takes its head at the token request when the issuer matches:
   * queue only for a login that will reach the token endpoint, or the head blocks the queue (later
   * logins then get a random identity). Claims beyond {@code sub}: {@code preferred_username},
   * {@code groups}, {@code amr}, {@code sid}, ...
   */
  void nextLogin(String issuerId, String subject, Map<String, Object> claims) {
    nextLogin(issuerId, subject, List.of(CLIENT_ID), claims, Duration.ofHours(1));
  }

  void nextLogin(
      String issuerId,
      String subject,
      List<String> audience,
      Map<String, Object> claims,
      Duration lifetime) {
    server.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            issuerId, subject, "JWT", audience, claims, lifetime.toSeconds()));
  }

  /**
   * The browser at the provider: GET the authorization URL auth-service redirected to; the provider
   * (non-interactive) redirects back at once. Returns that redirect's path and query.
   */
  String authorize(String authorizationUrl) {
    try {
      HttpResponse<Void> answer =
          browser.send(
              HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      URI back = URI.create(answer.headers().firstValue("Location").orElseThrow());
      return back.getRawPath() + "?" + back.getRawQuery();
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  /**
   * The ID token's claims with {@code changes} applied (and the claims named in {@code removed}
   * taken out), signed again by the key of {@code issuerId} at this provider.
   */
  String resigned(String idToken, String issuerId, Map<String, Object> changes, String... removed) {
    Map<String, Object> claims = new LinkedHashMap<>(claims(idToken).toJSONObject());
    claims.putAll(changes);
    for (String name : removed) {
      claims.remove(name);
    }
    return server.anyToken(server.issuerUrl(issuerId), claims, Duration.ofHours(1)).serialize();
  }

  /**
   * Any claims, signed by the provider's own key of {@code issuerId} (what its JWKS publishes): an
   * OpenID Connect Back-Channel Logout token, for instance.
   */
  String signedByProvider(String issuerId, Map<String, Object> claims) {
    return server.anyToken(server.issuerUrl(issuerId), claims, Duration.ofMinutes(2)).serialize();
  }

  /** The ID token signed by a key the provider never published, under the provider's kid. */
  static String signedByStranger(String idToken) {
    try {
      SignedJWT original = SignedJWT.parse(idToken);
      RSAKey stranger = new RSAKeyGenerator(2048).keyID(original.getHeader().getKeyID()).generate();
      SignedJWT forged =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(stranger.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              original.getJWTClaimsSet());
      forged.sign(new RSASSASigner(stranger));
      return forged.serialize();
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The ID token's claims, unsigned ({@code alg: none}, RFC 7519 §6). */
  static String unsigned(String idToken) {
    return new PlainJWT(claims(idToken)).serialize();
  }

  private static JWTClaimsSet claims(String idToken) {
    try {
      return SignedJWT.parse(idToken).getJWTClaimsSet();
    } catch (ParseException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static String randomSubject() {
    return "sub-" + UUID.randomUUID();
  }

  void shutdown() {
    server.shutdown();
  }
}
