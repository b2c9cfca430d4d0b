package dev.gatehouse.gateway.routing;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-client budget on session lookups that miss this instance's cache (and so would ask the
 * shared cache or auth-service): a token bucket per client address. Past it a request is answered
 * 429 with {@code Retry-After} and auth-service is not called; requests whose session is cached are
 * never limited. Bound next to {@code IntrospectionProperties}, under the same prefix, because it
 * protects the same endpoint.
 *
 * @param clientMissRate misses per second a client address earns back; default 20; 0 turns the
 *     budget off
 * @param clientMissBurst misses a client address may spend at once (the bucket's size); default
 *     100; 0 turns the budget off
 * @param clientMissMaxClients client addresses tracked at once; default 100000. The least recently
 *     seen are forgotten first (a forgotten address starts again with a full bucket)
 */
@Validated
@ConfigurationProperties("gatehouse.introspection")
record MissBudgetProperties(
    @DefaultValue("20") @Min(0) double clientMissRate,
    @DefaultValue("100") @Min(0) int clientMissBurst,
    @DefaultValue("100000") @Min(1) long clientMissMaxClients) {

  boolean enabled() {
    return clientMissRate > 0 && clientMissBurst > 0;
  }
}
