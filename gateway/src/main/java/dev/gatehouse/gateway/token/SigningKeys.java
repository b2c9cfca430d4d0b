package dev.gatehouse.gateway.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * This instance's EC P-256 signing keys for ES256 (RFC 7518 §3.4). Private keys are generated in
 * memory and never leave the process; only public halves are published, each with a {@code kid}. A
 * rotated-out key stays published for {@code gatehouse.token.key-overlap}, longer than any token it
 * signed can live, so rotation never breaks a token in flight.
 */
@Component
final class SigningKeys {

  private final Clock clock;
  private final TokenProperties properties;
  private volatile SigningKey current;
  private final List<RetiredKey> retired = new CopyOnWriteArrayList<>();

  SigningKeys(Clock clock, TokenProperties properties) {
    Assert.notNull(clock, "clock cannot be null");
    Assert.isTrue(
        properties.keyOverlap().compareTo(properties.ttl()) > 0,
        "gatehouse.token.key-overlap must be longer than gatehouse.token.ttl");
    this.clock = clock;
    this.properties = properties;
    this.current = SigningKey.generate(clock);
  }

  /** The key to sign with now. */
  SigningKey current() {
    return current;
  }

  /** A new key that is not in use yet: publish it first, then {@link #activate(SigningKey)} it. */
  SigningKey next() {
    return SigningKey.generate(clock);
  }

  /** Makes {@code next} the signing key; the previous one stays published for the overlap. */
  void activate(SigningKey next) {
    SigningKey previous = current;
    current = next;
    retired.add(new RetiredKey(previous, clock.instant().plus(properties.keyOverlap())));
    retired.removeIf(key -> !key.publishedUntil().isAfter(clock.instant()));
  }

  /** Every public key of this instance that backends must still trust, without private members. */
  List<JWK> publicKeys() {
    List<JWK> keys = new ArrayList<>();
    keys.add(current.key().toPublicJWK());
    Instant now = clock.instant();
    for (RetiredKey key : retired) {
      if (key.publishedUntil().isAfter(now)) {
        keys.add(key.key().key().toPublicJWK());
      }
    }
    return keys;
  }

  /** A retired key and when it stops being published. */
  record RetiredKey(SigningKey key, Instant publishedUntil) {}

  /** A private EC key with its thread-safe ES256 signer. */
  record SigningKey(ECKey key, ECDSASigner signer) {

    static SigningKey generate(Clock clock) {
      try {
        ECKey key =
            new ECKeyGenerator(Curve.P_256)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .keyID(UUID.randomUUID().toString())
                .issueTime(Date.from(clock.instant()))
                .generate();
        return new SigningKey(key, new ECDSASigner(key));
      } catch (JOSEException ex) {
        throw new IllegalStateException("could not generate an EC P-256 signing key", ex);
      }
    }

    @Override
    public String toString() {
      return "SigningKey[kid=" + key.getKeyID() + "]";
    }
  }
}
