package dev.gatehouse.auth.throttle;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The counter keys. A username key is a hash of the normalized name, so neither memory nor Redis
 * holds the names people typed (some type their password into the username field), and a key has a
 * fixed length whatever was submitted. A client key is the address, an IPv6 address cut to its /64:
 * one subscriber usually holds a whole /64, and counting single IPv6 addresses would give an
 * attacker 2^64 budgets.
 */
final class ThrottleKeys {

  private static final Pattern IPV6_LITERAL =
      Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[0-9A-Za-z]+)?");

  /** The longest textual IPv6 address; anything longer is not an address and gets hashed. */
  private static final int MAX_ADDRESS_LENGTH = 45;

  private ThrottleKeys() {}

  /**
   * {@code user:<base64url SHA-256>} of the name after Unicode NFKC, trimming and lower-casing, so
   * variants that look alike share one counter. Two accounts whose names differ only in case would
   * share it too: over-throttling them is the safe side of that trade.
   */
  static String username(String username) {
    String normalized =
        Normalizer.normalize(username, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    return "user:" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(normalized));
  }

  /** {@code ip:<address>}, {@code ip6:<first 64 bits>::/64}, or {@code ip:unknown}. */
  static String client(@Nullable String address) {
    if (address == null || address.isBlank()) {
      return "ip:unknown";
    }
    String candidate = address.strip();
    if (candidate.startsWith("[") && candidate.endsWith("]")) {
      candidate = candidate.substring(1, candidate.length() - 1);
    }
    if (candidate.length() > MAX_ADDRESS_LENGTH) {
      return "ip:#" + HexFormat.of().formatHex(sha256(candidate), 0, 16);
    }
    if (candidate.indexOf(':') >= 0 && IPV6_LITERAL.matcher(candidate).matches()) {
      try {
        // Starting with a hex digit or ':' and containing ':', it is parsed as an IPv6 literal
        // (or refused), never looked up in DNS.
        InetAddress parsed = InetAddress.getByName(candidate);
        if (parsed instanceof Inet6Address) {
          byte[] bytes = parsed.getAddress();
          HexFormat hex = HexFormat.of();
          return "ip6:"
              + hex.formatHex(bytes, 0, 2)
              + ":"
              + hex.formatHex(bytes, 2, 4)
              + ":"
              + hex.formatHex(bytes, 4, 6)
              + ":"
              + hex.formatHex(bytes, 6, 8)
              + "::/64";
        }
        return "ip:" + parsed.getHostAddress();
      } catch (UnknownHostException ex) {
        return "ip:" + candidate;
      }
    }
    return "ip:" + candidate;
  }

  /** A short, log-safe stand-in for a username key: enough to correlate lines, not to read. */
  static String fingerprint(String usernameKey) {
    int start = usernameKey.indexOf(':') + 1;
    return usernameKey.substring(start, Math.min(usernameKey.length(), start + 8));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("SHA-256 is a required JDK algorithm", ex);
    }
  }
}
