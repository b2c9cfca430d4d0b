package dev.gatehouse.gateway.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.gateway.session.Introspection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Mints the internal JWT a backend receives (RFC 7519, signed per RFC 7515 with ES256): the
 * session's identity, scoped to one route's audience, valid for {@code gatehouse.token.ttl}. The
 * header {@code typ} stays {@code JWT} because Spring Security's resource server rejects {@code
 * at+jwt} by default, and backends must need no custom code.
 */
@Component
public final class InternalTokenMinter {

  private final SigningKeys keys;
  private final TokenProperties properties;
  private final Clock clock;
  private final Counter minted;

  InternalTokenMinter(
      SigningKeys keys, TokenProperties properties, Clock clock, MeterRegistry meters) {
    Assert.notNull(keys, "keys cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.keys = keys;
    this.properties = properties;
    this.clock = clock;
    this.minted =
        Counter.builder("gatehouse.tokens.minted")
            .description("Internal JWTs signed")
            .register(meters);
  }

  /** Signs a token for {@code session} with {@code aud = audience}. */
  public String mint(Introspection.Active session, String audience) {
    Assert.hasText(audience, "audience cannot be empty");
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(properties.issuer())
            .subject(session.userId())
            .audience(audience)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(properties.ttl())))
            .jwtID(UUID.randomUUID().toString())
            .claim("sid", session.sid())
            .claim("preferred_username", session.username())
            .claim("roles", session.roles())
            .claim("auth_time", session.authTime().getEpochSecond())
            .build();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(keys.current().getKeyID())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(keys.signer());
    } catch (JOSEException ex) {
      throw new IllegalStateException("could not sign an internal token", ex);
    }
    minted.increment();
    return jwt.serialize();
  }
}
