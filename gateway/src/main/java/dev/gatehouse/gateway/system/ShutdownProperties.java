package dev.gatehouse.gateway.system;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway stops. The drain itself is Spring Boot's graceful shutdown ({@code
 * server.shutdown=graceful}, bounded by {@code spring.lifecycle.timeout-per-shutdown-phase}).
 *
 * @param readinessDelay how long the gateway keeps serving after it received SIGTERM with its
 *     readiness probe ({@code /actuator/health/readiness}) already answering 503, before it stops
 *     accepting connections and drains the requests in flight: long enough for the load balancer to
 *     notice (its health-check interval times its unhealthy threshold). 0 for a gateway that no
 *     load balancer probes.
 */
@Validated
@ConfigurationProperties("gatehouse.shutdown")
record ShutdownProperties(@DefaultValue("0s") @NotNull Duration readinessDelay) {}
