package dev.gatehouse.testsupport.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Builds the gateway's internal JWT (RFC 7519, compact JWS per RFC 7515) for tests, and the hostile
 * variants a relying party must reject (RFC 8725 §2, §3; OWASP ASVS 5.0 V9).
 *
 * <p>Defaults mirror what the gateway mints: header {@code alg=ES256, kid=<key's kid>, typ=JWT};
 * claims {@code iss} = {@value #DEFAULT_ISSUER}, {@code aud} = {@value #DEFAULT_AUDIENCE}, random
 * UUIDs for {@code sub}, {@code sid} and {@code jti}, {@code preferred_username=alice}, {@code
 * roles=["user"]}, {@code iat}/{@code nbf}/{@code auth_time} = now (whole seconds) and {@code exp}
 * = {@code iat} + 60 s. Every header field and claim can be overridden or removed ({@link
 * #withoutClaim(String)}).
 *
 * <pre>{@code
 * String ok = TestJwt.builder(key).audience("demo-backend").roles("user", "admin").sign();
 * String expired = TestJwt.builder(key).expiresAt(Instant.now().minusSeconds(10)).sign();
 * String none = TestJwt.builder(key).unsecured();
 * String confused = TestJwt.builder(key).signHs256WithPublicKey();
 * }</pre>
 *
 * <p>A builder is mutable and not thread-safe; every terminal method ({@code sign*}, {@link
 * #unsecured()}) can be called repeatedly and serializes the current state.
 */
public final class TestJwt {

  /** The gateway's default issuer ({@code gatehouse.token.issuer}). */
  public static final String DEFAULT_ISSUER = "http://localhost:8080";

  /** The audience of tokens minted for the demo backend's route. */
  public static final String DEFAULT_AUDIENCE = "demo-backend";

  /** The gateway's default token lifetime ({@code gatehouse.token.ttl}). */
  public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(60);

  private final TestSigningKey key;

  private @Nullable String keyId;
  private @Nullable String type = "JWT";
  private @Nullable JWK embeddedJwk;
  private @Nullable URI jwkSetUrl;
  private @Nullable URI x509Url;
  private final Map<String, Object> extraHeaders = new LinkedHashMap<>();

  private String issuer = DEFAULT_ISSUER;
  private List<String> audience = List.of(DEFAULT_AUDIENCE);
  private String subject = UUID.randomUUID().toString();
  private String sessionId = UUID.randomUUID().toString();
  private String username = "alice";
  private List<String> roles = List.of("user");
  private String jwtId = UUID.randomUUID().toString();
  private Instant issuedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private @Nullable Instant notBefore;
  private @Nullable Instant expiresAt;
  private @Nullable Instant authTime;
  private Duration lifetime = DEFAULT_LIFETIME;
  private final Map<String, Object> extraClaims = new LinkedHashMap<>();
  private final Set<String> removedClaims = new LinkedHashSet<>();

  private TestJwt(TestSigningKey key) {
    this.key = key;
    this.keyId = key.kid();
  }

  /** A builder whose {@link #sign()} signs with {@code key} and whose header names its kid. */
  public static TestJwt builder(TestSigningKey key) {
    return new TestJwt(Objects.requireNonNull(key, "key cannot be null"));
  }

  // ---- header ----

  /** Header {@code kid}; {@code null} omits it. Default: the signing key's kid. */
  public TestJwt keyId(@Nullable String keyId) {
    this.keyId = keyId;
    return this;
  }

  /** Header {@code typ} (e.g. {@code JWT}, {@code at+jwt}, {@code JOSE}); {@code null} omits it. */
  public TestJwt type(@Nullable String type) {
    this.type = type;
    return this;
  }

  /** Embeds a public JWK in the header ({@code jwk}, RFC 7515 §4.1.3): must never be trusted. */
  public TestJwt embeddedJwk(JWK publicJwk) {
    this.embeddedJwk = publicJwk.toPublicJWK();
    return this;
  }

  /** Sets the header {@code jku} (RFC 7515 §4.1.2): must never be followed. */
  public TestJwt jwkSetUrl(URI jku) {
    this.jwkSetUrl = jku;
    return this;
  }

  /** Sets the header {@code x5u} (RFC 7515 §4.1.5): must never be followed. */
  public TestJwt x509Url(URI x5u) {
    this.x509Url = x5u;
    return this;
  }

  /** Adds a non-registered header parameter. */
  public TestJwt header(String name, Object value) {
    extraHeaders.put(name, value);
    return this;
  }

  // ---- claims ----

  public TestJwt issuer(String issuer) {
    this.issuer = issuer;
    return this;
  }

  /** {@code aud}: one value is written as a string, several as an array. */
  public TestJwt audience(String first, String... more) {
    this.audience = concat(first, more);
    return this;
  }

  public TestJwt subject(String subject) {
    this.subject = subject;
    return this;
  }

  /** {@code sid}, the session's public id. */
  public TestJwt sessionId(String sessionId) {
    this.sessionId = sessionId;
    return this;
  }

  /** {@code preferred_username}. */
  public TestJwt username(String username) {
    this.username = username;
    return this;
  }

  /** {@code roles}, always written as a JSON array; no argument writes {@code []}. */
  public TestJwt roles(String... roles) {
    this.roles = List.of(roles);
    return this;
  }

  public TestJwt jwtId(String jwtId) {
    this.jwtId = jwtId;
    return this;
  }

  /**
   * {@code iat}; also the default for {@code nbf} and {@code auth_time}, and the base of {@code
   * exp}.
   */
  public TestJwt issuedAt(Instant issuedAt) {
    this.issuedAt = issuedAt;
    return this;
  }

  public TestJwt notBefore(Instant notBefore) {
    this.notBefore = notBefore;
    return this;
  }

  /** {@code exp}; overrides {@link #lifetime(Duration)}. */
  public TestJwt expiresAt(Instant expiresAt) {
    this.expiresAt = expiresAt;
    return this;
  }

  /** {@code exp} = {@code iat} + lifetime, unless {@link #expiresAt(Instant)} is set. */
  public TestJwt lifetime(Duration lifetime) {
    this.lifetime = lifetime;
    return this;
  }

  public TestJwt authTime(Instant authTime) {
    this.authTime = authTime;
    return this;
  }

  /** Sets any claim, replacing a default one of the same name. */
  public TestJwt claim(String name, Object value) {
    removedClaims.remove(name);
    extraClaims.put(name, value);
    return this;
  }

  /** Leaves a claim out of the payload entirely (e.g. {@code exp}, {@code aud}, {@code sub}). */
  public TestJwt withoutClaim(String name) {
    extraClaims.remove(name);
    removedClaims.add(name);
    return this;
  }

  /** The claims as they will be serialized. */
  public JWTClaimsSet claimsSet() {
    Instant nbf = (notBefore != null) ? notBefore : issuedAt;
    Instant exp = (expiresAt != null) ? expiresAt : issuedAt.plus(lifetime);
    Instant authenticatedAt = (authTime != null) ? authTime : issuedAt;
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(subject)
            .audience(audience)
            .issueTime(Date.from(issuedAt))
            .notBeforeTime(Date.from(nbf))
            .expirationTime(Date.from(exp))
            .jwtID(jwtId)
            .claim("sid", sessionId)
            .claim("preferred_username", username)
            .claim("roles", roles)
            .claim("auth_time", authenticatedAt.getEpochSecond());
    extraClaims.forEach(claims::claim);
    // A null value is left out of the serialized payload.
    removedClaims.forEach(name -> claims.claim(name, null));
    return claims.build();
  }

  // ---- well-formed token ----

  /** The token as the gateway mints it: ES256, signed by the builder's key. */
  public String sign() {
    return signWith(JWSAlgorithm.ES256, key.signer());
  }

  /** Signs with any algorithm and signer, keeping every other header field. */
  public String signWith(JWSAlgorithm algorithm, JWSSigner signer) {
    SignedJWT jwt = new SignedJWT(header(algorithm), claimsSet());
    try {
      jwt.sign(signer);
    } catch (JOSEException ex) {
      throw new IllegalStateException("could not sign the test token with " + algorithm, ex);
    }
    return jwt.serialize();
  }

  // ---- hostile variants ----

  /**
   * {@code alg: none} with the same header and claims and an empty signature: {@code
   * header.payload.} (RFC 7519 §6, RFC 8725 §2.1).
   */
  public String unsecured() {
    Map<String, Object> header = new LinkedHashMap<>(header(JWSAlgorithm.ES256).toJSONObject());
    header.put("alg", "none");
    return encode(JSONObjectUtils.toJSONString(header))
        + "."
        + encode(claimsSet().toString())
        + ".";
  }

  /**
   * The key-confusion attack (RFC 8725 §2.1): {@code alg: HS256}, HMAC keyed with the signing key's
   * public key bytes (X.509 SubjectPublicKeyInfo DER, as a naive verifier would use "the key").
   */
  public String signHs256WithPublicKey() {
    return signHs256(key.publicKey().getEncoded());
  }

  /** {@code alg: HS256} keyed with {@code secret} (at least 32 bytes). */
  public String signHs256(byte[] secret) {
    try {
      return signWith(JWSAlgorithm.HS256, new MACSigner(secret));
    } catch (JOSEException ex) {
      throw new IllegalStateException("HS256 needs a secret of at least 256 bits", ex);
    }
  }

  /** {@code alg: RS256}, signed by a throwaway RSA key under the same {@code kid}. */
  public String signRs256() {
    try {
      return signWith(
          JWSAlgorithm.RS256, new RSASSASigner(new RSAKeyGenerator(2048).keyID(keyId).generate()));
    } catch (JOSEException ex) {
      throw new IllegalStateException("could not sign with a throwaway RSA key", ex);
    }
  }

  /** A correctly signed token with its signature removed: {@code header.payload.} with ES256. */
  public String signAndStripSignature() {
    String signed = sign();
    return signed.substring(0, signed.lastIndexOf('.') + 1);
  }

  /**
   * A correctly signed token whose payload was then changed (by {@code change}) and re-encoded,
   * keeping the original header and signature (ASVS 5.0 9.1.1).
   */
  public String signAndTamper(Consumer<JWTClaimsSet.Builder> change) {
    String[] parts = sign().split("\\.");
    JWTClaimsSet.Builder tampered = new JWTClaimsSet.Builder(claimsSet());
    change.accept(tampered);
    return parts[0] + "." + encode(tampered.build().toString()) + "." + parts[2];
  }

  /** {@link #signAndTamper(Consumer)} escalating {@code roles} to {@code ["user","admin"]}. */
  public String signAndTamper() {
    return signAndTamper(claims -> claims.claim("roles", List.of("user", "admin")));
  }

  private JWSHeader header(JWSAlgorithm algorithm) {
    JWSHeader.Builder header = new JWSHeader.Builder(algorithm);
    if (keyId != null) {
      header.keyID(keyId);
    }
    if (type != null) {
      header.type(new JOSEObjectType(type));
    }
    if (embeddedJwk != null) {
      header.jwk(embeddedJwk);
    }
    if (jwkSetUrl != null) {
      header.jwkURL(jwkSetUrl);
    }
    if (x509Url != null) {
      header.x509CertURL(x509Url);
    }
    header.customParams(extraHeaders);
    return header.build();
  }

  private static String encode(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static List<String> concat(String first, String... more) {
    List<String> all = new ArrayList<>(List.of(more));
    all.add(0, first);
    return List.copyOf(all);
  }
}
