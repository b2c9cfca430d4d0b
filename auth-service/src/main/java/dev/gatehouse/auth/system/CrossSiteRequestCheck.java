package dev.gatehouse.auth.system;

import dev.gatehouse.protocol.CrossSiteRule;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * CSRF defence in depth (ASVS 5.0 3.5.1–3.5.3) for browsers that reach auth-service's port
 * directly, the same rule as the gateway's ({@link CrossSiteRule}): a state-changing request is
 * refused when {@code Sec-Fetch-Site} says cross-site, when it carries several {@code Origin}
 * headers, {@code Origin: null} without {@code Sec-Fetch-Site: same-origin}, or a foreign {@code
 * Origin}. Same origin means the {@code Origin} names the request's own {@code Host}, the issuer's
 * or the gateway's origin, or a configured allowed origin. Requests with neither header (curl,
 * servers) pass.
 *
 * <p>Unlike the gateway there is no exemption for bearer-authenticated requests: every request the
 * gateway relays here carries its minted JWT, minted from the cookie the browser sent by itself.
 * The client-authenticated internal endpoints are not checked at all (their filter chain does not
 * run this check): their credential is explicit and no browser holds it.
 */
@Component
final class CrossSiteRequestCheck {

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final CrossSiteRule rule;

  CrossSiteRequestCheck(
      CsrfProperties csrf,
      @Value("${gatehouse.token.issuer}") String issuer,
      @Value("${gatehouse.gateway-url}") String gatewayUrl) {
    Assert.notNull(csrf, "csrf cannot be null");
    List<String> origins = new ArrayList<>(csrf.allowedOrigins());
    origins.add(issuer);
    origins.add(gatewayUrl);
    this.rule = new CrossSiteRule(origins);
  }

  /** Whether {@code request} must be refused with 403. */
  boolean refuses(HttpServletRequest request) {
    if (SAFE_METHODS.contains(request.getMethod())) {
      return false;
    }
    return rule.refuses(
        Collections.list(request.getHeaders(HttpHeaders.ORIGIN)),
        request.getHeader("Sec-Fetch-Site"),
        request.getHeader(HttpHeaders.HOST));
  }

  @Override
  public String toString() {
    return "CrossSiteRequestCheck[" + rule + "]";
  }
}
