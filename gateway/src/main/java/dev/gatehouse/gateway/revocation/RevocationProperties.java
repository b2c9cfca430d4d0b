package dev.gatehouse.gateway.revocation;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How revocations reach this instance. The feed is the guarantee (a revocation is applied at most
 * one poll interval after it was written, whatever happens to Redis); pub/sub is the fast path.
 *
 * @param feedUri auth-service's {@code /internal/revocations}
 * @param pollInterval how often the feed is read
 * @param maxBackoff the longest wait between polls while the feed fails (they back off
 *     exponentially from the poll interval, with jitter); also how late, at worst, the feed notices
 *     it is back
 * @param channel the Redis pub/sub channel auth-service publishes on
 * @param pubsub listen on the channel (with {@code gatehouse.redis.enabled})
 * @param remember how long a revoked session id is remembered, so that no cache level can bring it
 *     back; longer than every cache TTL and the stale-if-error window
 */
@Validated
@ConfigurationProperties("gatehouse.revocation")
record RevocationProperties(
    @DefaultValue("http://localhost:9000/internal/revocations") @NotNull URI feedUri,
    @DefaultValue("1s") @NotNull Duration pollInterval,
    @DefaultValue("10s") @NotNull Duration maxBackoff,
    @DefaultValue("gatehouse:revocations") @NotBlank String channel,
    @DefaultValue("true") boolean pubsub,
    @DefaultValue("15m") @NotNull Duration remember) {

  @AssertTrue(message = "gatehouse.revocation.max-backoff must be at least the poll interval")
  boolean isMaxBackoffAtLeastPollInterval() {
    return maxBackoff.compareTo(pollInterval) >= 0;
  }
}
