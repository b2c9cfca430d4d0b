package dev.gatehouse.gateway.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import dev.gatehouse.gateway.system.RedisSeal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.Assert;
import tools.jackson.databind.json.JsonMapper;

/**
 * The format of one field of the shared key hash: the public JWK, its expiry and a MAC over both
 * and the field name ({@link RedisSeal}). Every backend trusts what the JWKS lists, so nothing is
 * served on Redis's word: an entry whose MAC does not verify, or whose field name is not its JWK's
 * {@code kid}, is refused, counted and logged once per kid.
 */
final class SealedKeyEntries {

  private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);

  /** Bounds the "already warned" memory: a Redis writer cannot grow it without limit. */
  private static final int WARNED_KIDS = 1_000;

  private static final int LOGGED_KID_LENGTH = 64;

  private final RedisSeal seal;
  private final JsonMapper json;
  private final Clock clock;
  private final String where;
  private final Counter forged;
  private final Cache<String, Boolean> warned =
      Caffeine.newBuilder().maximumSize(WARNED_KIDS).expireAfterWrite(Duration.ofHours(1)).build();

  SealedKeyEntries(
      RedisSeal seal, JsonMapper json, Clock clock, String where, MeterRegistry meters) {
    Assert.notNull(seal, "seal cannot be null");
    Assert.notNull(json, "json cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.seal = seal;
    this.json = json;
    this.clock = clock;
    this.where = where;
    this.forged = RedisSeal.failures(meters, "jwks");
  }

  /** What one field of the shared hash holds. */
  sealed interface Published {

    /** An authentic key that has not expired: the only kind ever served. */
    record Live(JWK key) implements Published {}

    /** An authentic key past its expiry: dropped and removed. */
    record Expired() implements Published {}

    /** Not written by a gateway holding the secret (or tampered with since): refused. */
    record Forged(String reason) implements Published {}
  }

  /** The sealed entry for {@code key}, published until {@code until}. */
  String write(JWK key, Instant until) {
    Map<String, Object> jwk = key.toPublicJWK().toJSONObject();
    long expiresAt = until.toEpochMilli();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("jwk", jwk);
    entry.put("expiresAt", expiresAt);
    entry.put(
        "mac", seal.mac(key.getKeyID(), json.writeValueAsString(jwk), Long.toString(expiresAt)));
    return json.writeValueAsString(entry);
  }

  /**
   * Reads the field {@code kid}. The MAC is checked over a serialization of the very map that is
   * then parsed, so nothing that reaches {@link JWK#parse} escapes it.
   */
  Published read(String kid, String value) {
    Published published = authenticate(kid, value);
    if (published instanceof Published.Forged forgery) {
      refused(kid, forgery.reason());
    }
    return published;
  }

  private Published authenticate(String kid, String value) {
    try {
      Map<?, ?> entry = json.readValue(value, Map.class);
      Object expiresAt = entry.get("expiresAt");
      if (!(entry.get("jwk") instanceof Map<?, ?> jwk) || !(expiresAt instanceof Number millis)) {
        return new Published.Forged("not a published key");
      }
      if (!(entry.get("mac") instanceof String mac)) {
        return new Published.Forged("it carries no MAC");
      }
      if (!seal.verify(mac, kid, json.writeValueAsString(jwk), expiresAt.toString())) {
        return new Published.Forged("its MAC does not verify");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> members = (Map<String, Object>) jwk;
      JWK key = JWK.parse(members).toPublicJWK();
      if (!kid.equals(key.getKeyID())) {
        return new Published.Forged("its field name is not its kid");
      }
      return Instant.ofEpochMilli(millis.longValue()).isAfter(clock.instant())
          ? new Published.Live(key)
          : new Published.Expired();
    } catch (ParseException | RuntimeException ex) {
      return new Published.Forged("unreadable");
    }
  }

  /** Counts every refusal; warns once per kid (per hour), so a JWKS poll cannot flood the log. */
  private void refused(String kid, String reason) {
    forged.increment();
    String shown = printable(kid);
    if (warned.asMap().putIfAbsent(shown, Boolean.TRUE) == null) {
      log.warn(
          "published key kid={} in {} refused: {}; not served, removed at the next heartbeat",
          shown,
          where,
          reason);
    }
  }

  /** A field name is whatever a Redis writer chose: keep it short and on one line in the log. */
  private static String printable(String kid) {
    String shown = kid.length() > LOGGED_KID_LENGTH ? kid.substring(0, LOGGED_KID_LENGTH) : kid;
    return shown
        .codePoints()
        .map(c -> c >= 0x20 && c < 0x7f ? c : '?')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
