package dev.gatehouse.gateway.routing;

import dev.gatehouse.gateway.session.CookieHeader;
import dev.gatehouse.gateway.session.SessionProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Removes from a request every header a client could use to claim an identity (ASVS 5.0 4.1.3): the
 * gateway is the only party allowed to set them. Client-address headers ({@code X-Forwarded-*},
 * {@code Forwarded}, {@code X-Real-IP}) are kept only when the connection comes from a configured
 * trusted proxy. Also removes the session cookie and the DBSC bound-credential cookie from the
 * {@code Cookie} header, so backends never see either, while other cookies pass through.
 */
@Component
class SpoofableHeaders {

  /**
   * Identity headers of Gatehouse and of the proxies teams migrate from (oauth2-proxy, Apache
   * mod_auth, Grafana's auth proxy, Kong, Cloudflare Access, IAP, ALB, App Service): a backend
   * written for one of them may still read it.
   */
  private static final List<String> BUILT_IN_PREFIXES =
      List.of(
          "x-gatehouse-",
          "x-user-",
          "x-auth-request-",
          "x-consumer-",
          "cf-access-",
          "x-goog-authenticated-user-",
          "x-amzn-oidc-",
          "x-ms-client-principal");

  private static final List<String> BUILT_IN_NAMES =
      List.of(
          "authorization",
          "proxy-authorization",
          "x-original-url",
          "x-rewrite-url",
          "x-remote-user",
          "remote-user",
          "x-forwarded-user",
          "x-forwarded-email",
          "x-forwarded-preferred-username",
          "x-forwarded-groups",
          "x-forwarded-access-token",
          "x-webauth-user",
          "x-authenticated-user",
          "x-authenticated-userid",
          "x-remote-group",
          // Method overrides: a backend honouring one would run a DELETE the CSRF check saw as GET.
          "x-http-method-override",
          "x-http-method",
          "x-method-override");

  /**
   * The only {@code Connection} options passed on. Any other token names a header the hop-by-hop
   * filter would delete after the gateway wrote its own (RFC 9110 §7.6.1): {@code Connection:
   * Authorization} would remove the internal JWT, {@code Connection: X-Forwarded-For} the client
   * address. Such headers are removed from the client's request instead, and the token is dropped.
   */
  private static final Set<String> CONNECTION_OPTIONS = Set.of("close", "keep-alive", "upgrade");

  /** Headers that frame or route the message: a {@code Connection} token never removes them. */
  private static final Set<String> END_TO_END =
      Set.of("host", "content-length", "content-type", "content-encoding", "cookie");

  /** What a proxy in front of the gateway says about the client: kept only from trusted proxies. */
  private static final List<String> PROXY_PREFIXES = List.of("x-forwarded-");

  private static final String X_FORWARDED_FOR = "X-Forwarded-For";
  private static final String X_FORWARDED_PROTO = "X-Forwarded-Proto";
  private static final String X_FORWARDED_HOST = "X-Forwarded-Host";

  private static final List<String> PROXY_NAMES =
      List.of("forwarded", "x-real-ip", "x-client-ip", "true-client-ip");

  private final List<String> names;
  private final List<String> prefixes;
  private final String sessionCookie;
  private final String boundCookie;
  private final @Nullable Pattern trustedProxies;

  SpoofableHeaders(HeaderProperties headers, SessionProperties session) {
    List<String> names = new ArrayList<>(BUILT_IN_NAMES);
    List<String> prefixes = new ArrayList<>(BUILT_IN_PREFIXES);
    for (String configured : headers.strip()) {
      String name = canonical(configured.trim());
      if (name.endsWith("*")) {
        prefixes.add(name.substring(0, name.length() - 1));
      } else if (!name.isEmpty()) {
        names.add(name);
      }
    }
    this.names = List.copyOf(names);
    this.prefixes = List.copyOf(prefixes);
    this.sessionCookie = session.cookieName();
    this.boundCookie = session.boundCookieName();
    String trusted = headers.trustedProxies();
    this.trustedProxies =
        trusted == null || trusted.isBlank() ? null : Pattern.compile(trusted.trim());
  }

  /**
   * Strips {@code headers} in place (a writable copy of the incoming request's headers) of a
   * request that came from {@code peer}, the address of the connection's other end, then states
   * where the request came from in {@code X-Forwarded-For}, {@code -Proto} and {@code -Host}:
   * appended to what a trusted proxy said, or from the connection itself.
   */
  void strip(HttpHeaders headers, @Nullable InetSocketAddress peer, URI requested) {
    removeConnectionOptions(headers);
    removeSessionCookie(headers);
    boolean fromTrustedProxy = isTrustedProxy(peer);
    List<String> doomed =
        headers.headerNames().stream()
            .filter(name -> isSpoofable(name) || (!fromTrustedProxy && isProxyHeader(name)))
            .collect(Collectors.toList());
    doomed.forEach(headers::remove);
    addForwarded(headers, peer, requested);
  }

  private static void addForwarded(
      HttpHeaders headers, @Nullable InetSocketAddress peer, URI requested) {
    if (peer != null && peer.getAddress() != null) {
      String client = peer.getAddress().getHostAddress();
      String chain = headers.getFirst(X_FORWARDED_FOR);
      headers.set(
          X_FORWARDED_FOR, chain == null || chain.isBlank() ? client : chain + ", " + client);
    }
    if (!headers.containsHeader(X_FORWARDED_PROTO) && requested.getScheme() != null) {
      headers.set(X_FORWARDED_PROTO, requested.getScheme());
    }
    String host = headers.getFirst(HttpHeaders.HOST);
    if (!headers.containsHeader(X_FORWARDED_HOST) && host != null) {
      headers.set(X_FORWARDED_HOST, host);
    }
  }

  private boolean isTrustedProxy(@Nullable InetSocketAddress peer) {
    return trustedProxies != null
        && peer != null
        && peer.getAddress() != null
        && trustedProxies.matcher(peer.getAddress().getHostAddress()).matches();
  }

  private void removeConnectionOptions(HttpHeaders headers) {
    List<String> connection = headers.getOrEmpty(HttpHeaders.CONNECTION);
    if (connection.isEmpty()) {
      return;
    }
    List<String> kept = new ArrayList<>();
    for (String value : connection) {
      for (String token : value.split(",")) {
        String option = token.trim().toLowerCase(Locale.ROOT);
        if (CONNECTION_OPTIONS.contains(option)) {
          kept.add(option);
        } else if (!option.isEmpty() && !END_TO_END.contains(option)) {
          headers.remove(option);
        }
      }
    }
    if (kept.isEmpty()) {
      headers.remove(HttpHeaders.CONNECTION);
    } else {
      headers.set(HttpHeaders.CONNECTION, String.join(", ", kept));
    }
  }

  /**
   * CGI, WSGI and Rack servers turn {@code X_Gatehouse_User} into the same variable as {@code
   * X-Gatehouse-User}, so names are compared with {@code _} read as {@code -}.
   */
  private static String canonical(String header) {
    return header.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private boolean isSpoofable(String header) {
    String name = canonical(header);
    return names.contains(name) || prefixes.stream().anyMatch(name::startsWith);
  }

  private static boolean isProxyHeader(String header) {
    String name = canonical(header);
    return PROXY_NAMES.contains(name) || PROXY_PREFIXES.stream().anyMatch(name::startsWith);
  }

  private void removeSessionCookie(HttpHeaders headers) {
    if (!headers.containsHeader(HttpHeaders.COOKIE)) {
      return;
    }
    String others = CookieHeader.without(headers, sessionCookie, boundCookie);
    if (others.isEmpty()) {
      headers.remove(HttpHeaders.COOKIE);
    } else {
      headers.set(HttpHeaders.COOKIE, others);
    }
  }
}
