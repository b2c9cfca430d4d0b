package dev.gatehouse.auth.system;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-site request forgery defence in depth for requests that reach auth-service directly (its
 * port is reachable by browsers), the same rule and setting as the gateway's.
 *
 * @param allowedOrigins origins ({@code scheme://host[:port]}) besides the issuer's, the gateway's
 *     ({@code gatehouse.gateway-url}) and the request's own {@code Host} that may send
 *     state-changing requests; default none
 */
@ConfigurationProperties("gatehouse.csrf")
record CsrfProperties(@DefaultValue List<String> allowedOrigins) {}
