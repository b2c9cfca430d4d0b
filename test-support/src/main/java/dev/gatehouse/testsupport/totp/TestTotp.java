package dev.gatehouse.testsupport.totp;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app for tests: RFC 6238 codes (HMAC-SHA1, 6 digits, 30 s) of a Base32 secret,
 * written independently of auth-service's implementation so each checks the other.
 *
 * <p>auth-service accepts each time step once (a replayed code is refused), so {@link #nextCode}
 * hands out codes of steps strictly after every step it handed out before: the current step, else
 * the next one (inside the ±1 step window auth-service allows by default), else it waits until the
 * clock reaches a step it may use. One instance per secret, shared by every test that logs in with
 * it.
 */
public final class TestTotp {

  private static final long STEP_SECONDS = 30;
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final byte[] key;
  private final Clock clock;
  private final int skewSteps;
  private long lastStep = Long.MIN_VALUE;

  /** With the system clock and auth-service's default window of ±1 step. */
  public TestTotp(String base32Secret) {
    this(base32Secret, Clock.systemUTC(), 1);
  }

  public TestTotp(String base32Secret, Clock clock, int skewSteps) {
    this.key = decode(base32Secret);
    this.clock = clock;
    this.skewSteps = skewSteps;
  }

  /** A random 20-byte secret, Base32 as an {@code otpauth://} URI carries it. */
  public static String randomSecret() {
    byte[] bytes = new byte[20];
    new SecureRandom().nextBytes(bytes);
    return encode(bytes);
  }

  /** The code of the step {@code at} falls in. */
  public static String codeAt(String base32Secret, Instant at) {
    return code(decode(base32Secret), Math.floorDiv(at.getEpochSecond(), STEP_SECONDS));
  }

  /** The code of the current step, whether or not it was used. */
  public String currentCode() {
    return code(key, step(clock.instant()));
  }

  /** A code auth-service has not seen yet from this instance; may wait up to one step. */
  public synchronized String nextCode() throws InterruptedException {
    while (true) {
      Instant now = clock.instant();
      long current = step(now);
      for (long step = current; step <= current + skewSteps; step++) {
        if (step > lastStep) {
          lastStep = step;
          return code(key, step);
        }
      }
      // Every usable step was handed out: wait for the clock to reach the next step boundary.
      long millis = (current + 1) * STEP_SECONDS * 1000 - now.toEpochMilli();
      Thread.sleep(Math.max(1, Math.min(millis, Duration.ofSeconds(STEP_SECONDS).toMillis())));
    }
  }

  private static long step(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), STEP_SECONDS);
  }

  private static String code(byte[] key, long step) {
    byte[] message = new byte[8];
    long counter = step;
    for (int i = 7; i >= 0; i--) {
      message[i] = (byte) counter;
      counter >>>= 8;
    }
    byte[] hash;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      hash = mac.doFinal(message);
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
    int offset = hash[19] & 0xf;
    int binary =
        ((hash[offset] & 0x7f) << 24)
            | ((hash[offset + 1] & 0xff) << 16)
            | ((hash[offset + 2] & 0xff) << 8)
            | (hash[offset + 3] & 0xff);
    return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
  }

  private static String encode(byte[] data) {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  private static byte[] decode(String base32) {
    String clean = base32.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
    byte[] out = new byte[clean.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int index = 0;
    for (char c : clean.toCharArray()) {
      int value = ALPHABET.indexOf(c);
      if (value < 0) {
        throw new IllegalArgumentException("not Base32: " + c);
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        out[index++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "TestTotp[******]";
  }
}
