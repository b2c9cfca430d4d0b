package dev.gatehouse.gateway.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Mints the internal JWT a backend receives (RFC 7519, signed per RFC 7515 with ES256): the
 * session's identity, scoped to one route's audience, valid for {@code gatehouse.token.ttl} but
 * never past the session's own expiry. The header {@code typ} stays {@code JWT} because Spring
 * Security's resource server rejects {@code at+jwt} by default, and backends must need no custom
 * code.
 *
 * <p>A minted token is reused for the same inputs while at least {@code reuse-ratio} of its life is
 * left, so the warm path signs nothing. The cache key holds every input that changes the token: the
 * whole introspection result (its device binding as of now included), the audience, the claim
 * selection and the signing key.
 *
 * <p>{@value #BINDING_CLAIM} ({@code {"jkt": …}}) is present exactly when the session is
 * device-bound (DBSC) and the request brought a valid bound credential.
 */
@Component
public final class InternalTokenMinter {

  /**
   * The claim naming the device key a DBSC-bound session proved with this request: {@code {"dbsc":
   * {"jkt": "<RFC 7638 thumbprint>"}}}; absent otherwise.
   */
  public static final String BINDING_CLAIM = "dbsc";

  /** Claims a route may leave out with {@code gatehouse.claims}; the others are always present. */
  public static final Set<String> OPTIONAL_CLAIMS =
      Set.of("sid", "preferred_username", "roles", "auth_time", "amr", "acr");

  private final SigningKeys keys;
  private final TokenProperties properties;
  private final Clock clock;
  private final Cache<MintKey, Reusable> reusable;
  private final Counter minted;
  private final Counter reused;
  private final MeterRegistry meters;

  InternalTokenMinter(
      SigningKeys keys, TokenProperties properties, Clock clock, MeterRegistry meters) {
    Assert.notNull(keys, "keys cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    Assert.isTrue(
        properties.reuseRatio() > 0 && properties.reuseRatio() < 1,
        "gatehouse.token.reuse-ratio must be between 0 and 1");
    this.keys = keys;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    long reuseMillis = (long) (properties.ttl().toMillis() * (1 - properties.reuseRatio()));
    this.reusable =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMillis(reuseMillis))
            .build();
    this.minted = tokens(meters, "minted");
    this.reused = tokens(meters, "reused");
  }

  /**
   * The token for {@code session} at {@code audience}, reused when a fresh enough one exists.
   *
   * @param claims the optional claims to include, or null for all of them
   * @throws TokenTooLargeException when the header would exceed the budget
   */
  public String tokenFor(
      Introspection.Active session, String audience, @Nullable Set<String> claims) {
    MintKey key = new MintKey(session, audience, claims, keys.current().key().getKeyID());
    Reusable cached = reusable.getIfPresent(key);
    if (cached != null && clock.instant().isBefore(cached.reuseUntil())) {
      reused.increment();
      return cached.token();
    }
    Instant now = clock.instant();
    Instant expiry = expiry(session, now);
    String token = mint(session, audience, claims, now, expiry);
    int headerBytes = "Bearer ".length() + token.length();
    if (headerBytes > properties.maxHeaderBytes()) {
      meters.counter("gatehouse.tokens.too-large", "audience", audience).increment();
      throw new TokenTooLargeException(audience, headerBytes, properties.maxHeaderBytes());
    }
    Duration life = Duration.between(now, expiry);
    reusable.put(
        key,
        new Reusable(
            token, expiry.minusMillis((long) (life.toMillis() * properties.reuseRatio()))));
    return token;
  }

  /**
   * {@code gatehouse.token.ttl} from now, but never past the session's own expiry: a token must not
   * outlive the session it speaks for.
   */
  private Instant expiry(Introspection.Active session, Instant now) {
    Instant byTtl = now.plus(properties.ttl());
    return session.expiresAt().isBefore(byTtl) ? session.expiresAt() : byTtl;
  }

  /** Signs a new token valid from {@code now} until {@code expiry}; no reuse. */
  private String mint(
      Introspection.Active session,
      String audience,
      @Nullable Set<String> claims,
      Instant now,
      Instant expiry) {
    Assert.hasText(audience, "audience cannot be empty");
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(properties.issuer())
            .subject(session.userId())
            .audience(audience)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(expiry))
            .jwtID(UUID.randomUUID().toString());
    if (wants(claims, "sid")) {
      builder.claim("sid", session.sid());
    }
    if (wants(claims, "preferred_username")) {
      builder.claim("preferred_username", session.username());
    }
    if (wants(claims, "roles")) {
      builder.claim("roles", session.roles());
    }
    if (wants(claims, "auth_time")) {
      builder.claim("auth_time", session.authTime().getEpochSecond());
    }
    // RFC 8176 / OpenID Connect Core §2: how the user authenticated, for backends that want to
    // decide for themselves (the gateway's own step-up check is gatehouse.mfa: required).
    if (wants(claims, "amr")) {
      builder.claim("amr", session.amr());
    }
    if (wants(claims, "acr")) {
      builder.claim("acr", session.acr());
    }
    // DBSC: the request proved the session's device binding at the edge; the key's RFC 7638
    // thumbprint names it. Not RFC 7800 cnf: a cnf.jkt makes the token DPoP-bound (RFC 9449 §6.1),
    // which a resource server must refuse as a Bearer token (Spring Security 7 does: "Invalid
    // bearer token"), and the gateway presenting it holds no key anyway.
    if (session.binding().isVerified()) {
      builder.claim(BINDING_CLAIM, Map.of("jkt", session.binding().jkt()));
    }
    SigningKeys.SigningKey key = keys.current();
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(key.key().getKeyID())
            .type(JOSEObjectType.JWT)
            .build();
    SignedJWT jwt = new SignedJWT(header, builder.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException ex) {
      throw new IllegalStateException("could not sign an internal token", ex);
    }
    minted.increment();
    return jwt.serialize();
  }

  private static boolean wants(@Nullable Set<String> claims, String claim) {
    return claims == null || claims.contains(claim);
  }

  private static Counter tokens(MeterRegistry meters, String outcome) {
    return Counter.builder("gatehouse.tokens")
        .description("Internal JWTs handed to upstreams: freshly signed (minted) or reused")
        .tag("outcome", outcome)
        .register(meters);
  }

  /** A minted token and until when it has enough life left to be handed out again. */
  private record Reusable(String token, Instant reuseUntil) {}

  /** Every input that changes a minted token. */
  private record MintKey(
      Introspection.Active session, String audience, @Nullable Set<String> claims, String kid) {}
}
