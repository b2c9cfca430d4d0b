package dev.gatehouse.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The client address the gateway vouches for, in the header {@value #HEADER}: {@code
 * <address>;<epoch seconds>;<base64url HMAC-SHA256>}. auth-service trusts a client address only in
 * this form, never from {@code X-Forwarded-For}: an address list cannot tell the gateway from an
 * attacker on the same host, a key shared by the two services can. The key is derived from the
 * introspection client secret both already hold, so there is nothing new to configure; the time
 * stamp bounds how long an overheard proof is worth anything.
 */
public final class ClientAddressProof {

  /** The request header the gateway writes (and strips from clients, as every X-Gatehouse-*). */
  public static final String HEADER = "X-Gatehouse-Client";

  /** How old (or how far in the future, for clock skew) a proof may be. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

  private static final String PURPOSE = "gatehouse client-address v1";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;
  private final Clock clock;
  private final Duration maxAge;

  /**
   * @param sharedSecret the introspection client secret, the same on gateway and auth-service
   */
  public ClientAddressProof(String sharedSecret, Clock clock, Duration maxAge) {
    Objects.requireNonNull(sharedSecret, "sharedSecret cannot be null");
    if (sharedSecret.isEmpty()) {
      throw new IllegalArgumentException("sharedSecret cannot be empty");
    }
    this.key = new SecretKeySpec(Keys.derive(sharedSecret, PURPOSE), "HmacSHA256");
    this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge cannot be null");
  }

  /** The header value stating that the request came from {@code address}, now. */
  public String sign(String address) {
    if (address.isEmpty() || address.indexOf(';') >= 0) {
      throw new IllegalArgumentException("not an address: " + address);
    }
    String signed = address + ";" + clock.instant().getEpochSecond();
    return signed + ";" + ENCODER.encodeToString(mac(signed));
  }

  /**
   * The address a header value vouches for, or empty when it is absent, malformed, signed with
   * another key, or older (or newer) than the maximum age.
   */
  public Optional<String> verify(@Nullable String value) {
    if (value == null || value.length() > 200) {
      return Optional.empty();
    }
    int macAt = value.lastIndexOf(';');
    int timeAt = macAt <= 0 ? -1 : value.lastIndexOf(';', macAt - 1);
    if (timeAt <= 0) {
      return Optional.empty();
    }
    String signed = value.substring(0, macAt);
    byte[] presented;
    long seconds;
    try {
      presented = Base64.getUrlDecoder().decode(value.substring(macAt + 1));
      seconds = Long.parseLong(value.substring(timeAt + 1, macAt));
    } catch (IllegalArgumentException ex) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(presented, mac(signed))) {
      return Optional.empty();
    }
    long age = Math.abs(clock.instant().getEpochSecond() - seconds);
    if (age > maxAge.toSeconds()) {
      return Optional.empty();
    }
    return Optional.of(value.substring(0, timeAt));
  }

  private byte[] mac(String signed) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
    }
  }

  @Override
  public String toString() {
    return "ClientAddressProof[maxAge=" + maxAge + "]";
  }
}
