package dev.gatehouse.gateway.routing;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-site request forgery defence in depth for state-changing browser requests.
 *
 * @param allowedOrigins origins (scheme://host[:port]) besides the gateway's own that may send
 *     state-changing requests with the session cookie
 */
@ConfigurationProperties("gatehouse.csrf")
record CsrfProperties(@DefaultValue List<String> allowedOrigins) {}
