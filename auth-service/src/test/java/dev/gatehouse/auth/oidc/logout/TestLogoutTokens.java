package dev.gatehouse.auth.oidc.logout;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.jspecify.annotations.Nullable;

/**
 * A real OpenID provider ({@code mock-oauth2-server}: discovery, JWKS, end-session endpoint over
 * real HTTP) and logout tokens signed with the very key it publishes in its JWKS, with any claims
 * and header a test needs, including the ones a well-behaved provider would never send.
 */
final class TestLogoutTokens {

  static final String BACK_CHANNEL_LOGOUT = "http://schemas.openid.net/event/backchannel-logout";

  private final KeyProvider keys = new KeyProvider(List.of(), "RS256");
  private final MockOAuth2Server server =
      new MockOAuth2Server(
          new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));

  /** Started at once; stopped when the JVM exits, as the Spring contexts using it are cached. */
  TestLogoutTokens() {
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
  }

  String issuer(String issuerId) {
    return server.issuerUrl(issuerId).toString();
  }

  String endSessionEndpoint(String issuerId) {
    return server.endSessionEndpointUrl(issuerId).toString();
  }

  /** The provider's own signing key of that issuer (the one its JWKS publishes). */
  RSAKey signingKey(String issuerId) {
    return (RSAKey) keys.signingKey(issuerId);
  }

  /** A valid logout token of {@code issuerId} for {@code clientId}, issued at {@code now}. */
  Builder token(String issuerId, String clientId, Instant now) {
    return new Builder(signingKey(issuerId))
        .claim("iss", issuer(issuerId))
        .claim("aud", clientId)
        .claim("iat", now)
        .claim("jti", UUID.randomUUID().toString())
        .claim("events", Map.of(BACK_CHANNEL_LOGOUT, Map.of()));
  }

  /** A logout token under construction; claims with an {@link Instant} value become NumericDate. */
  static final class Builder {

    private final Map<String, @Nullable Object> claims = new LinkedHashMap<>();
    private RSAKey key;
    private @Nullable String type = "logout+jwt";

    private Builder(RSAKey key) {
      this.key = key;
    }

    Builder claim(String name, @Nullable Object value) {
      claims.put(name, value);
      return this;
    }

    Builder without(String name) {
      claims.remove(name);
      return this;
    }

    Builder type(@Nullable String type) {
      this.type = type;
      return this;
    }

    Builder signedWith(RSAKey key) {
      this.key = key;
      return this;
    }

    /** Another RSA key that claims the provider key's {@code kid}. */
    Builder signedWithAnotherKeyOfTheSameId() {
      try {
        return signedWith(new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate());
      } catch (JOSEException ex) {
        throw new IllegalStateException(ex);
      }
    }

    JWTClaimsSet claimsSet() {
      JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
      claims.forEach(
          (name, value) ->
              builder.claim(name, value instanceof Instant instant ? Date.from(instant) : value));
      return builder.build();
    }

    String sign() {
      return signed().serialize();
    }

    SignedJWT signed() {
      JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID());
      if (type != null) {
        header.type(new JOSEObjectType(type));
      }
      SignedJWT jwt = new SignedJWT(header.build(), claimsSet());
      try {
        jwt.sign(new RSASSASigner(key));
      } catch (JOSEException ex) {
        throw new IllegalStateException(ex);
      }
      return jwt;
    }

    /** Signed, then one claim's value changed in the payload without signing again. */
    String signThenTamper(String name, Object value) {
      SignedJWT jwt = signed();
      JWTClaimsSet changed = new JWTClaimsSet.Builder(claimsSet()).claim(name, value).build();
      Base64URL payload = Base64URL.encode(changed.toString().getBytes(StandardCharsets.UTF_8));
      return jwt.getHeader().toBase64URL() + "." + payload + "." + jwt.getSignature();
    }

    /** {@code alg: none}, no signature. */
    String unsigned() {
      return new PlainJWT(claimsSet()).serialize();
    }

    /** HS256 keyed with a shared secret, such as the client secret. */
    String signHmac(String secret) {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claimsSet());
      try {
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
      } catch (JOSEException ex) {
        throw new IllegalStateException(ex);
      }
      return jwt.serialize();
    }
  }
}
