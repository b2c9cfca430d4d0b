package dev.gatehouse.gateway.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Response headers the gateway adds to every response it sends (routed, its own errors and
 * redirects, JWKS) when the upstream has not set them.
 *
 * @param hsts the {@code Strict-Transport-Security} value (browsers ignore it over plain http);
 *     empty to send none
 * @param frameAncestors the CSP {@code frame-ancestors} source list, sent as {@code
 *     Content-Security-Policy: frame-ancestors ...} when a response has no CSP of its own
 * @param referrerPolicy the {@code Referrer-Policy} value; empty to send none. Not {@code
 *     no-referrer}: under it browsers send {@code Origin: null} even on same-origin form posts
 */
@ConfigurationProperties("gatehouse.headers.response")
record SecurityHeadersProperties(
    @DefaultValue("max-age=31536000; includeSubDomains") String hsts,
    @DefaultValue("'none'") String frameAncestors,
    @DefaultValue("same-origin") String referrerPolicy) {}
