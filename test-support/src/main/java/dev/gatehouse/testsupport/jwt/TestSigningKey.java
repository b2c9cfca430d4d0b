package dev.gatehouse.testsupport.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * An EC P-256 key pair with a {@code kid}, as the gateway holds to sign its internal ES256 tokens
 * (RFC 7518 §3.4). The public half is published as a JWK Set (RFC 7517 §5) by {@link
 * TestJwksServer}; tokens are built with {@link TestJwt#builder(TestSigningKey)}.
 *
 * <p>A "foreign key with the right {@code kid}" (an attacker's key that reuses a trusted key id) is
 * simply {@code TestSigningKey.generate(trusted.kid())}.
 */
public final class TestSigningKey {

  private final ECKey jwk;

  private TestSigningKey(ECKey jwk) {
    this.jwk = jwk;
  }

  /** A fresh key with a random {@code kid}. */
  public static TestSigningKey generate() {
    return generate("test-" + UUID.randomUUID());
  }

  /** A fresh key with the given {@code kid}. */
  public static TestSigningKey generate(String kid) {
    try {
      return new TestSigningKey(
          new ECKeyGenerator(Curve.P_256)
              .keyID(kid)
              .keyUse(KeyUse.SIGNATURE)
              .algorithm(JWSAlgorithm.ES256)
              .generate());
    } catch (JOSEException ex) {
      throw new IllegalStateException("could not generate an EC P-256 key", ex);
    }
  }

  public String kid() {
    return jwk.getKeyID();
  }

  /** The full key pair as a JWK, private part ({@code d}) included. */
  public ECKey privateJwk() {
    return jwk;
  }

  /** The public half as a JWK ({@code kty=EC, crv=P-256, x, y, kid, use=sig, alg=ES256}). */
  public ECKey publicJwk() {
    return jwk.toPublicJWK();
  }

  public ECPublicKey publicKey() {
    try {
      return jwk.toECPublicKey();
    } catch (JOSEException ex) {
      throw new IllegalStateException("not an EC public key", ex);
    }
  }

  /** An ES256 signer for this key. */
  public JWSSigner signer() {
    try {
      return new ECDSASigner(jwk);
    } catch (JOSEException ex) {
      throw new IllegalStateException("could not create an ES256 signer", ex);
    }
  }

  /** {@code {"keys":[<this public key>]}}. */
  public String publicJwkSetJson() {
    return publicJwkSetJson(List.of(this));
  }

  /** {@code {"keys":[...]}} with the public halves of the given keys, in order. */
  public static String publicJwkSetJson(TestSigningKey... keys) {
    return publicJwkSetJson(Arrays.asList(keys));
  }

  /** {@code {"keys":[...]}} with the public halves of the given keys, in order. */
  public static String publicJwkSetJson(Collection<TestSigningKey> keys) {
    List<JWK> publicKeys = keys.stream().<JWK>map(TestSigningKey::publicJwk).toList();
    return new JWKSet(publicKeys).toString(true);
  }

  @Override
  public String toString() {
    return "TestSigningKey[kid=" + kid() + "]";
  }
}
