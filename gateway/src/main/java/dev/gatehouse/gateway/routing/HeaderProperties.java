package dev.gatehouse.gateway.routing;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request headers the gateway removes before anything else reads them, in addition to the built-in
 * list ({@code Authorization}, {@code X-Gatehouse-*}, {@code X-User-*}, {@code X-Forwarded-*},
 * {@code Forwarded}).
 *
 * @param strip extra header names to remove (case-insensitive); a name ending in {@code *} removes
 *     every header with that prefix
 * @param trustedProxies a regular expression for the IP addresses of proxies in front of the
 *     gateway (a load balancer terminating TLS) whose {@code X-Forwarded-*}, {@code Forwarded} and
 *     {@code X-Real-IP} headers are kept; unset, they are removed from every request. Identity
 *     headers are removed whoever sends them.
 */
@ConfigurationProperties("gatehouse.headers")
record HeaderProperties(@DefaultValue List<String> strip, @Nullable String trustedProxies) {}
