package dev.gatehouse.auth.enrollment;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where a one-time link points: the set-password page at the gateway's external base URL (the token
 * issuer, {@code gatehouse.token.issuer}), the address people's browsers use. The token rides in
 * the query, which neither the gateway's nor auth-service's access log writes.
 */
@Component
final class LinkUrls {

  static final String PATH = "/login/link";

  private final String base;

  LinkUrls(@Value("${gatehouse.token.issuer}") String issuer) {
    Assert.hasText(issuer, "gatehouse.token.issuer cannot be empty");
    this.base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
  }

  String of(LinkToken token) {
    return UriComponentsBuilder.fromUriString(base + PATH)
        .queryParam("token", token.value())
        .build()
        .toUriString();
  }
}
