package dev.gatehouse.gateway.token;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the JWKS reads the shared key directory (the Redis hash {@code gatehouse:jwks}) when it
 * fails. Each JWKS request reads the directory afresh while it answers; a read that fails or hangs
 * past {@code read-timeout} is served the last keys read successfully, and after repeated failures
 * a circuit breaker stops reading for {@code wait-in-open-state}, so a dead Redis neither stalls
 * the JWKS nor is asked on every request.
 *
 * @param readTimeout the longest a JWKS request waits for the directory; default 100 ms, far below
 *     the 500 ms read timeout of JWKS clients (Spring Security's decoder), so a hung Redis never
 *     makes the JWKS itself too slow for them (the Redis read also gives up after 100 ms)
 * @param maxStaleness how long after the last successful read its keys are still served while the
 *     directory fails; past it, this instance's own keys only (as without Redis)
 * @param waitInOpenState how long the breaker stops reading the directory after repeated failures,
 *     before one probe read
 * @param publishWaitAtStart how long a starting instance waits for the directory to confirm its
 *     signing key before it opens its port: default 10 s, enough to ride out a Redis restart or a
 *     Sentinel failover, short against a start-up probe. Past it (Redis down at start), the
 *     instance starts anyway with its own keys in its JWKS and the heartbeat publishes the key once
 *     Redis answers: other instances could not read the directory meanwhile either, and refusing to
 *     start would turn a Redis outage into a gateway outage at every restart or scale-out
 */
@Validated
@ConfigurationProperties("gatehouse.token.key-directory")
record KeyDirectoryProperties(
    @DefaultValue("100ms") @NotNull Duration readTimeout,
    @DefaultValue("10m") @NotNull Duration maxStaleness,
    @DefaultValue("10s") @NotNull Duration waitInOpenState,
    @DefaultValue("10s") @NotNull Duration publishWaitAtStart) {}
