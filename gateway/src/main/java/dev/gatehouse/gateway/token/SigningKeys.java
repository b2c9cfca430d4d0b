package dev.gatehouse.gateway.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * This instance's EC P-256 signing key for ES256 (RFC 7518 §3.4). The private key is generated in
 * memory at start and never leaves the process; only its public half is published, with a {@code
 * kid}, in the JWKS.
 */
@Component
public final class SigningKeys {

  private final ECKey current;
  private final JWSSigner signer;

  SigningKeys(Clock clock) {
    Assert.notNull(clock, "clock cannot be null");
    this.current = generate(clock);
    try {
      this.signer = new ECDSASigner(current);
    } catch (JOSEException ex) {
      throw new IllegalStateException("could not create an ES256 signer", ex);
    }
  }

  /** The key to sign with now. */
  ECKey current() {
    return current;
  }

  /** A thread-safe ES256 signer for {@link #current()}. */
  JWSSigner signer() {
    return signer;
  }

  /** Every public key backends must trust, without any private member. */
  public JWKSet publicKeys() {
    return new JWKSet(current.toPublicJWK());
  }

  private static ECKey generate(Clock clock) {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .keyID(UUID.randomUUID().toString())
          .issueTime(Date.from(clock.instant()))
          .generate();
    } catch (JOSEException ex) {
      throw new IllegalStateException("could not generate an EC P-256 key", ex);
    }
  }
}
