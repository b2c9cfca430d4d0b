package dev.gatehouse.gateway.upstream;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How failing upstreams are reported. The timeouts themselves are Spring Cloud Gateway's own
 * settings ({@code spring.cloud.gateway.server.webflux.httpclient.connect-timeout} / {@code
 * response-timeout}, and the route metadata {@code connect-timeout} / {@code response-timeout}).
 *
 * @param warnInterval at most one WARN line per route and kind of failure in this interval; the
 *     line says how many failures there were since the previous one. Every failure is counted in
 *     the metric {@code gatehouse_upstream_failures_total} (tags {@code route}, {@code kind})
 *     whatever the interval.
 */
@Validated
@ConfigurationProperties("gatehouse.upstream-failures")
record UpstreamFailureProperties(@DefaultValue("30s") @NotNull Duration warnInterval) {}
