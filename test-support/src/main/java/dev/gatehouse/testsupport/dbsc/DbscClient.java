package dev.gatehouse.testsupport.dbsc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.testsupport.dbsc.DbscHeaders.Challenge;
import dev.gatehouse.testsupport.dbsc.DbscHeaders.Registration;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A DBSC client for tests, doing what a DBSC browser does (W3C WebAppSec DBSC draft): it holds a
 * key pair (EC P-256 for ES256 or RSA 2048 for RS256), signs {@code dbsc+jwt} proofs (header {@code
 * typ}, {@code alg}, {@code jwk} on registration; payload {@code jti} = the challenge, {@code
 * authorization} when the server sent one), follows registration and refresh over an {@link
 * Exchange} (any HTTP transport: MockMvc, {@code java.net.http}, ...) and keeps the bound cookie
 * the server sets. Hostile variants (other keys, tampered or unsigned proofs) are built from {@link
 * #sign(JWSHeader, JWTClaimsSet)}, {@link #unsigned(JWTClaimsSet)} and {@link #hs256}.
 *
 * <p>Not thread-safe: one client is one browser profile.
 */
public final class DbscClient {

  /** {@code typ} of every DBSC proof. */
  public static final JOSEObjectType PROOF_TYPE = new JOSEObjectType("dbsc+jwt");

  private final JWK key;
  private final JWSAlgorithm algorithm;
  private final JWSSigner signer;
  private @Nullable DbscInstructions instructions;
  private @Nullable String boundCookie;

  private DbscClient(JWK key, JWSAlgorithm algorithm, JWSSigner signer) {
    this.key = key;
    this.algorithm = algorithm;
    this.signer = signer;
  }

  /** A client with a fresh EC P-256 key, signing ES256. */
  public static DbscClient es256() {
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256).generate();
      return new DbscClient(key, JWSAlgorithm.ES256, new ECDSASigner(key));
    } catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** A client with a fresh RSA key of {@code bits}, signing RS256. */
  public static DbscClient rs256(int bits) {
    try {
      RSAKey key = new RSAKeyGenerator(bits, true).generate();
      // Weak keys allowed: the tests of servers that must refuse them need them.
      return new DbscClient(key, JWSAlgorithm.RS256, new RSASSASigner(key.toPrivateKey(), true));
    } catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** A client with a fresh RSA 2048 key, signing RS256. */
  public static DbscClient rs256() {
    return rs256(2048);
  }

  /** The public key, as sent in a registration proof's {@code jwk}. */
  public JWK publicJwk() {
    return key.toPublicJWK();
  }

  /** The private key too: for the test that sends it where only a public key belongs. */
  public JWK privateJwk() {
    return key;
  }

  /** The RFC 7638 SHA-256 thumbprint of the key, base64url: the session's {@code cnf.jkt}. */
  public String thumbprint() {
    try {
      return key.computeThumbprint().toString();
    } catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** The algorithm this client signs with. */
  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** The proof of a registration: header {@code jwk} with the public key. */
  public String registrationProof(String challenge, @Nullable String authorization) {
    return sign(header(true).build(), claims(challenge, authorization));
  }

  /** The proof of a refresh: no {@code jwk}, the server knows the key. */
  public String refreshProof(String challenge) {
    return sign(header(false).build(), claims(challenge, null));
  }

  /** The header this client's proofs start from: {@code typ dbsc+jwt}, its {@code alg}. */
  public JWSHeader.Builder header(boolean withJwk) {
    JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(PROOF_TYPE);
    return withJwk ? header.jwk(publicJwk()) : header;
  }

  /** The payload of a proof: {@code jti} and, when given, {@code authorization}. */
  public static JWTClaimsSet claims(String challenge, @Nullable String authorization) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(challenge);
    if (authorization != null) {
      claims.claim("authorization", authorization);
    }
    return claims.build();
  }

  /** Any header and payload, signed with this client's key. */
  public String sign(JWSHeader header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** An {@code alg: none} JWT of this payload (with this client's {@code typ}). */
  public String unsigned(JWTClaimsSet claims) {
    return new PlainJWT(
            new com.nimbusds.jose.PlainHeader.Builder().type(PROOF_TYPE).build(), claims)
        .serialize();
  }

  /**
   * An HS256 proof keyed with {@code secret} (for example the bytes of this client's public JWK:
   * the classic key-confusion attack), carrying this client's public key in {@code jwk}.
   */
  public String hs256(byte[] secret, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256).type(PROOF_TYPE).jwk(publicJwk()).build(),
              claims);
      jwt.sign(new MACSigner(secret.length >= 32 ? secret : pad(secret)));
      return jwt.serialize();
    } catch (JOSEException ex) {
      throw new IllegalStateException(ex);
    }
  }

  /** {@code jwt} with its payload replaced by {@code claims} and its signature kept. */
  public static String withPayload(String jwt, JWTClaimsSet claims) {
    String[] parts = jwt.split("\\.");
    return parts[0]
        + "."
        + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }

  /** {@code jwt} with one bit of its signature flipped. */
  public static String withBrokenSignature(String jwt) {
    int dot = jwt.lastIndexOf('.');
    byte[] signature = new Base64URL(jwt.substring(dot + 1)).decode();
    signature[signature.length / 2] ^= 0x01;
    return jwt.substring(0, dot + 1) + Base64URL.encode(signature);
  }

  /**
   * Registers as a browser does after {@code registration} (the parsed {@code
   * Secure-Session-Registration}): POSTs the proof to its path; on 200 keeps the instructions and
   * the bound cookie.
   */
  public DbscResponse register(Exchange exchange, Registration registration) {
    DbscResponse response =
        exchange.post(
            registration.path(),
            Map.of(
                DbscResponse.RESPONSE_HEADER,
                registrationProof(registration.challenge(), registration.authorization())));
    remember(response);
    return response;
  }

  /**
   * Refreshes as a browser does when the bound cookie is missing or expired: POSTs {@code
   * refresh_url} with {@code Sec-Secure-Session-Id}; on 403 with {@code Secure-Session-Challenge}
   * signs the new challenge and POSTs again. Returns the last response.
   */
  public DbscResponse refresh(Exchange exchange) {
    DbscInstructions current = instructions();
    String url = current.refreshUrl();
    if (url == null) {
      throw new IllegalStateException("no refresh_url: " + current.json());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(DbscResponse.SESSION_ID_HEADER, current.sessionIdentifier());
    DbscResponse first = exchange.post(url, headers);
    Optional<String> challenge = first.header(DbscResponse.CHALLENGE_HEADER);
    if (first.status() != 403 || challenge.isEmpty()) {
      remember(first);
      return first;
    }
    Challenge parsed = DbscHeaders.challenge(challenge.get());
    headers.put(DbscResponse.RESPONSE_HEADER, refreshProof(parsed.challenge()));
    DbscResponse second = exchange.post(url, headers);
    remember(second);
    return second;
  }

  /** The instructions of the last successful registration or refresh. */
  public DbscInstructions instructions() {
    if (instructions == null) {
      throw new IllegalStateException("not registered");
    }
    return instructions;
  }

  /** The value of the bound cookie last set, if any (empty once the server cleared it). */
  public Optional<String> boundCookie() {
    return Optional.ofNullable(boundCookie);
  }

  /** Forgets the bound cookie, as a browser does when it expires. */
  public void dropBoundCookie() {
    boundCookie = null;
  }

  private void remember(DbscResponse response) {
    if (response.status() != 200) {
      return;
    }
    DbscInstructions next = DbscInstructions.parse(response.body());
    String name = (next.cookieName() != null) ? next.cookieName() : cookieNameOrNull();
    instructions = next;
    if (name != null) {
      for (String setCookie : response.headers(DbscResponse.SET_COOKIE)) {
        if (setCookie.startsWith(name + "=")) {
          String value = setCookie.substring(name.length() + 1).split(";", 2)[0];
          boolean cleared = setCookie.toLowerCase(Locale.ROOT).contains("max-age=0");
          boundCookie = (cleared || value.isEmpty()) ? null : value;
        }
      }
    }
  }

  private @Nullable String cookieNameOrNull() {
    return (instructions != null) ? instructions.cookieName() : null;
  }

  private static byte[] pad(byte[] secret) {
    byte[] padded = new byte[32];
    System.arraycopy(secret, 0, padded, 0, secret.length);
    return padded;
  }

  /** One POST to the server: what the client needs of an HTTP transport. */
  @FunctionalInterface
  public interface Exchange {

    /**
     * POSTs with an empty body to {@code path} (relative to the site, as the server sent it) with
     * {@code headers} plus whatever cookies the transport keeps.
     */
    DbscResponse post(String path, Map<String, String> headers);
  }

  /** A random value usable as a made-up challenge. */
  public static String randomChallenge() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64URL.encode(bytes).toString();
  }

  @Override
  public String toString() {
    return "DbscClient[" + algorithm + ", jkt=" + thumbprint() + "]";
  }
}
