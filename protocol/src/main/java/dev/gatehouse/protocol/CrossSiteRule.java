package dev.gatehouse.protocol;

import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Origin / Fetch-Metadata rule against cross-site request forgery (ASVS 5.0 3.5.1–3.5.3), on
 * top of {@code SameSite=Lax}, applied by the gateway and by auth-service alike to the requests
 * each of them checks (state-changing ones, and WebSocket handshakes at the gateway): refused when
 * {@code Sec-Fetch-Site} says cross-site, when there are several {@code Origin} headers, when
 * {@code Origin} is {@code null} without {@code Sec-Fetch-Site: same-origin}, or when it is
 * foreign. Same origin means the {@code Origin} names the request's own {@code Host} or one of the
 * allowed origins. Requests with neither header (curl, servers) pass.
 */
public final class CrossSiteRule {

  private final Set<String> allowedOrigins;

  /**
   * @param allowedOrigins URLs whose origins ({@code scheme://authority}) may send such requests
   */
  public CrossSiteRule(Collection<String> allowedOrigins) {
    Set<String> origins = new HashSet<>();
    allowedOrigins.forEach(allowed -> origins.add(origin(allowed)));
    this.allowedOrigins = Set.copyOf(origins);
  }

  /**
   * Whether a request with these headers must be refused.
   *
   * @param origins every {@code Origin} header value
   * @param fetchSite the {@code Sec-Fetch-Site} header
   * @param host the {@code Host} header
   */
  public boolean refuses(List<String> origins, @Nullable String fetchSite, @Nullable String host) {
    if ("cross-site".equalsIgnoreCase(fetchSite)) {
      return true;
    }
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
    return !isSameOrAllowed(origins.get(0), host);
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
    return "CrossSiteRule[allowedOrigins=" + allowedOrigins + "]";
  }
}
