package dev.gatehouse.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.testsupport.jwt.TestJwksServer;
import dev.gatehouse.testsupport.jwt.TestJwt;
import dev.gatehouse.testsupport.jwt.TestSigningKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * Plays the gateway's token side in tests, on the shared fixtures of {@code test-support}: the
 * gateway's signing key ({@link TestSigningKey}), its JWKS endpoint ({@link TestJwksServer}) and
 * ES256 JWTs shaped like the gateway's for the auth-service route, either from claims or from a
 * {@link TestJwt} builder (which also makes the hostile variants). One instance per test JVM.
 */
public final class TestJwts {

  /** The issuer tests configure; a host that does not resolve, so any discovery would fail. */
  public static final String ISSUER = "https://gateway.invalid";

  public static final String AUDIENCE = "auth-service";
  static final String KID = "test-key-1";

  private static TestJwts instance;

  private final TestSigningKey key = TestSigningKey.generate(KID);

  /** Same kid, different key: what a forger without the private key would try. */
  private final TestSigningKey foreignKey = TestSigningKey.generate(KID);

  private final TestJwksServer jwks = TestJwksServer.start(key);

  private TestJwts() {
    Runtime.getRuntime().addShutdownHook(new Thread(jwks::close));
  }

  public static synchronized TestJwts get() {
    if (instance == null) {
      instance = new TestJwts();
    }
    return instance;
  }

  /** What {@code gatehouse.gateway-url} points at: the JWKS is below it. */
  public String gatewayUrl() {
    return jwks.baseUrl();
  }

  /** The gateway's signing key, whose public half the JWKS publishes. */
  public TestSigningKey key() {
    return key;
  }

  /** The gateway's JWKS endpoint, which counts the requests it gets. */
  public TestJwksServer jwks() {
    return jwks;
  }

  /**
   * A token as the gateway mints it for the auth-service route, valid for 60 s from {@code now}.
   */
  public TestJwt token(Instant now) {
    return tokenSignedBy(key, now);
  }

  /** A token with the right issuer and audience, signed by {@code signingKey}. */
  public TestJwt tokenSignedBy(TestSigningKey signingKey, Instant now) {
    return TestJwt.builder(signingKey).issuer(ISSUER).audience(AUDIENCE).issuedAt(now);
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

  private static String sign(TestSigningKey signingKey, JOSEObjectType type, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey.kid()).type(type).build(),
              claims);
      jwt.sign(signingKey.signer());
      return jwt.serialize();
    } catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
