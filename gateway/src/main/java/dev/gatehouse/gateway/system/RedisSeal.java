package dev.gatehouse.gateway.system;

import dev.gatehouse.protocol.Keys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Integrity for what the gateway reads back from Redis: an HMAC-SHA256 over the parts of an entry
 * that must not change, under a key derived for one purpose from {@code
 * gatehouse.cache.l2-key-secret}. Anyone who can write to Redis but does not hold the secret can
 * delete entries (which the gateway survives) but cannot forge or move one: the Redis key (or hash
 * field) is always one of the parts, so a valid value copied under another key fails.
 *
 * <p>Parts are joined with a 0x00 byte ({@code part0 ‖ 0x00 ‖ part1 ‖ ...}); MACs travel as
 * base64url without padding and are compared in constant time.
 */
public final class RedisSeal {

  /** The meter every integrity failure is counted on, tagged with what failed. */
  public static final String FAILURES_METER = "gatehouse.redis.integrity.failures";

  private static final String VERSION = "v1.";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String purpose;
  private final SecretKeySpec key;

  private RedisSeal(String secret, String purpose) {
    Assert.hasText(secret, "secret cannot be empty");
    this.purpose = purpose;
    this.key = new SecretKeySpec(Keys.derive(secret, purpose), "HmacSHA256");
  }

  /** Seals the values of the shared L2 introspection cache, each bound to its Redis key. */
  public static RedisSeal forL2Values(String secret) {
    return new RedisSeal(secret, "gatehouse l2-value v1");
  }

  /** Authenticates the public keys published in {@code gatehouse:jwks}. */
  public static RedisSeal forPublishedKeys(String secret) {
    return new RedisSeal(secret, "gatehouse jwks v1");
  }

  /**
   * The counter of entries refused by this seal's users; {@code kind} is {@code l2} or {@code
   * jwks}.
   */
  public static Counter failures(MeterRegistry meters, String kind) {
    return Counter.builder(FAILURES_METER)
        .description(
            "Entries read from Redis whose MAC was missing or wrong (refused, never served)")
        .tag("kind", kind)
        .register(meters);
  }

  /** The base64url MAC over {@code parts}. */
  public String mac(String... parts) {
    return BASE64URL.encodeToString(rawMac(parts));
  }

  /**
   * Whether {@code mac} is the MAC over {@code parts}; false for anything that is not base64url.
   */
  public boolean verify(@Nullable String mac, String... parts) {
    if (mac == null) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(mac);
    } catch (IllegalArgumentException ex) {
      return false;
    }
    return MessageDigest.isEqual(rawMac(parts), given);
  }

  /**
   * {@code v1.<mac over (redisKey, writtenAt, value)>.<writtenAt epoch ms>.<value>}: a value that
   * is valid under this key only, and whose age a reader can trust (a genuine value saved and
   * written back later is recognised as old).
   */
  public String seal(String redisKey, String value, Instant writtenAt) {
    String millis = Long.toString(writtenAt.toEpochMilli());
    return VERSION + mac(redisKey, millis, value) + "." + millis + "." + value;
  }

  /** What {@link #seal} wrapped for {@code redisKey}, or null when it was not sealed so. */
  public @Nullable Sealed open(String redisKey, String sealed) {
    if (!isSealed(sealed)) {
      return null;
    }
    int macEnd = sealed.indexOf('.', VERSION.length());
    int timeEnd = macEnd < 0 ? -1 : sealed.indexOf('.', macEnd + 1);
    if (timeEnd < 0) {
      return null;
    }
    String millis = sealed.substring(macEnd + 1, timeEnd);
    String value = sealed.substring(timeEnd + 1);
    if (!verify(sealed.substring(VERSION.length(), macEnd), redisKey, millis, value)) {
      return null;
    }
    try {
      return new Sealed(value, Instant.ofEpochMilli(Long.parseLong(millis)));
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  /** An authentic value and when it was written. */
  public record Sealed(String value, Instant writtenAt) {}

  /**
   * Whether {@code value} has the sealed form at all: tells an unsealed entry (written by an older
   * version, or by hand) from a tampered one in the log.
   */
  public static boolean isSealed(String value) {
    return value.startsWith(VERSION);
  }

  private byte[] rawMac(String... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          mac.update((byte) 0);
        }
        mac.update(parts[i].getBytes(StandardCharsets.UTF_8));
      }
      return mac.doFinal();
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
    }
  }

  @Override
  public String toString() {
    return "RedisSeal[" + purpose + "]";
  }
}
