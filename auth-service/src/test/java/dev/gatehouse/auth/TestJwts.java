package dev.gatehouse.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Plays the gateway's token side in tests: an EC P-256 key whose public JWKS is served by a JDK
 * {@link HttpServer} on a random loopback port, and ES256 JWTs shaped like the gateway's. One
 * instance per test JVM.
 */
public final class TestJwts {

  /** The issuer tests configure; a host that does not resolve, so any discovery would fail. */
  public static final String ISSUER = "https://gateway.invalid";

  public static final String AUDIENCE = "auth-service";
  static final String KID = "test-key-1";

  private static TestJwts instance;

  private final ECKey key;
  private final ECKey foreignKey;
  private final HttpServer server;

  private TestJwts() {
    try {
      this.key = new ECKeyGenerator(Curve.P_256).keyID(KID).generate();
      // Same kid, different key: what a forger without the private key would try.
      this.foreignKey = new ECKeyGenerator(Curve.P_256).keyID(KID).generate();
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(jwks);
          }
        });
    server.start();
  }

  public static synchronized TestJwts get() {
    if (instance == null) {
      instance = new TestJwts();
    }
    return instance;
  }

  /** What {@code gatehouse.gateway-url} points at: the JWKS is below it. */
  public String gatewayUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Claims as the gateway mints them for the auth-service route, valid for 60 s from now. */
  public JWTClaimsSet.Builder claims(
      Instant now, UUID userId, UUID sid, String username, List<String> roles) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(userId.toString())
        .audience(AUDIENCE)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(60)))
        .jwtID(UUID.randomUUID().toString())
        .claim("sid", sid.toString())
        .claim("preferred_username", username)
        .claim("roles", roles)
        .claim("auth_time", now.getEpochSecond());
  }

  /** Signed with the published key, header {@code alg=ES256, kid, typ=JWT}. */
  public String sign(JWTClaimsSet claims) {
    return sign(key, JOSEObjectType.JWT, claims);
  }

  /** Signed with a key that is not published, under the published {@code kid}. */
  public String forge(JWTClaimsSet claims) {
    return sign(foreignKey, JOSEObjectType.JWT, claims);
  }

  /** Signed with the published key but another {@code typ}. */
  public String signWithType(JOSEObjectType type, JWTClaimsSet claims) {
    return sign(key, type, claims);
  }

  private static String sign(ECKey signingKey, JOSEObjectType type, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(signingKey.getKeyID())
                  .type(type)
                  .build(),
              claims);
      jwt.sign(new ECDSASigner(signingKey));
      return jwt.serialize();
    } catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
