package dev.gatehouse.auth.system;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * CSRF defence in depth (ASVS 5.0 3.5.1–3.5.3) for browsers that reach auth-service's port
 * directly, the same rule as the gateway's: a state-changing request is refused when {@code
 * Sec-Fetch-Site} says cross-site, when it carries several {@code Origin} headers, {@code Origin:
 * null} without {@code Sec-Fetch-Site: same-origin}, or a foreign {@code Origin}. Same origin means
 * the {@code Origin} names the request's own {@code Host}, the issuer's or the gateway's origin, or
 * a configured allowed origin. Requests with neither header (curl, servers) pass.
 *
 * <p>Unlike the gateway there is no exemption for bearer-authenticated requests: every request the
 * gateway relays here carries its minted JWT, minted from the cookie the browser sent by itself.
 * The client-authenticated internal endpoints are not checked at all (their filter chain does not
 * run this check): their credential is explicit and no browser holds it.
 */
@Component
final class CrossSiteRequestCheck {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Set<String> allowedOrigins;

  CrossSiteRequestCheck(
      CsrfProperties csrf,
      @Value("${gatehouse.token.issuer}") String issuer,
      @Value("${gatehouse.gateway-url}") String gatewayUrl) {
    Assert.notNull(csrf, "csrf cannot be null");
    Set<String> origins = new HashSet<>();
    origins.add(origin(issuer));
    origins.add(origin(gatewayUrl));
    csrf.allowedOrigins().forEach(allowed -> origins.add(origin(allowed)));
    this.allowedOrigins = Set.copyOf(origins);
  }

  /** Whether {@code request} must be refused with 403. */
  boolean refuses(HttpServletRequest request) {
    if (SAFE_METHODS.contains(request.getMethod())) {
      return false;
    }
    String fetchSite = request.getHeader("Sec-Fetch-Site");
    if ("cross-site".equalsIgnoreCase(fetchSite)) {
      return true;
    }
    List<String> origins = Collections.list(request.getHeaders(HttpHeaders.ORIGIN));
    if (origins.isEmpty()) {
      return false;
    }
    if (origins.size() > 1) {
      return true;
    }
    if ("null".equals(origins.get(0))) {
      // A page with Referrer-Policy: no-referrer makes browsers send Origin: null even on its own
      // form posts; only the browser can set Sec-Fetch-Site, so same-origin there is trustworthy.
      return !"same-origin".equalsIgnoreCase(fetchSite);
    }
    return !isSameOrAllowed(origins.get(0), request.getHeader(HttpHeaders.HOST));
  }

  private boolean isSameOrAllowed(String origin, @Nullable String host) {
    if (allowedOrigins.contains(origin(origin))) {
      return true;
    }
    URI uri = parse(origin);
    return uri != null
        && host != null
        && uri.getRawAuthority() != null
        && uri.getRawAuthority().equalsIgnoreCase(host);
  }

  private static String origin(String url) {
    URI uri = parse(url.trim());
    if (uri == null || uri.getScheme() == null || uri.getRawAuthority() == null) {
      return url.trim().toLowerCase(Locale.ROOT);
    }
    return (uri.getScheme() + "://" + uri.getRawAuthority()).toLowerCase(Locale.ROOT);
  }

  private static @Nullable URI parse(String value) {
    try {
      return URI.create(value);
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "CrossSiteRequestCheck[allowedOrigins=" + allowedOrigins + "]";
  }
}
