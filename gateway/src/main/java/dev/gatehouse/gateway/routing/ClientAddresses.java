package dev.gatehouse.gateway.routing;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, for per-client limits and the client-address proof sent to
 * auth-service: the connection's peer, or, when the peer is a trusted proxy ({@code
 * gatehouse.headers.trusted-proxies}), the right-most {@code X-Forwarded-For} entry that is not
 * itself a trusted proxy. Right-most, because every entry left of the first untrusted hop was
 * written by the client and can be anything. Read from the request as it arrived, before the
 * gateway rewrites {@code X-Forwarded-For}.
 */
@Component
final class ClientAddresses {

  /** The key for a request without a peer address (not seen on a real connection). */
  static final String UNKNOWN = "unknown";

  private static final String X_FORWARDED_FOR = "X-Forwarded-For";

  /** Longer than any IPv6 literal with a zone: anything longer is not an address. */
  private static final int MAX_ADDRESS = 64;

  private final @Nullable Pattern trustedProxies;

  ClientAddresses(HeaderProperties headers) {
    String trusted = headers.trustedProxies();
    this.trustedProxies =
        trusted == null || trusted.isBlank() ? null : Pattern.compile(trusted.trim());
  }

  String of(ServerHttpRequest request) {
    InetSocketAddress peer = request.getRemoteAddress();
    if (peer == null || peer.getAddress() == null) {
      return UNKNOWN;
    }
    String address = peer.getAddress().getHostAddress();
    if (!isTrusted(address)) {
      return address;
    }
    List<String> headers = request.getHeaders().getOrEmpty(X_FORWARDED_FOR);
    for (int h = headers.size() - 1; h >= 0; h--) {
      String[] hops = headers.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (hop.isEmpty()) {
          continue;
        }
        if (!isAddress(hop)) {
          // Garbage from the client's side of the chain: the hop that passed it on is the client.
          return address;
        }
        if (!isTrusted(hop)) {
          return hop;
        }
        address = hop;
      }
    }
    // Every hop is a trusted proxy: the left-most one is as close to the client as we know.
    return address;
  }

  /**
   * An IPv4 or IPv6 literal, nothing else: the address is signed for auth-service and keys the
   * budget, so a hop the client wrote must not smuggle separators or text into either.
   */
  private static boolean isAddress(String hop) {
    return hop.length() <= MAX_ADDRESS
        && hop.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
  }

  private boolean isTrusted(String address) {
    return trustedProxies != null && trustedProxies.matcher(address).matches();
  }
}
