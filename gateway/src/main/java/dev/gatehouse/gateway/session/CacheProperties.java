package dev.gatehouse.gateway.session;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The introspection caches: L1 in this process (Caffeine), L2 shared by every instance (Redis, when
 * {@code gatehouse.redis.enabled}). No cached result outlives the session's {@code exp} (RFC 7662
 * §4); revocation events evict both levels at once, so these TTLs bound staleness only when every
 * revocation signal is lost.
 *
 * @param l1Ttl how long an active result is reused in this instance
 * @param l1NegativeTtl how long an inactive result is reused in this instance
 * @param l1MaxSize the most L1 entries (active and inactive together)
 * @param l2Ttl how long an active result is shared through Redis; at most 60 s
 * @param l2NegativeTtl how long an inactive result is shared through Redis
 * @param l2Timeout a Redis call slower than this counts as a miss (the request goes on to
 *     auth-service), so a slow or dead Redis never stalls requests
 * @param l2KeySecret the HMAC key that turns a session token into its Redis key, and from which the
 *     keys that authenticate L2 values and published signing keys are derived; the same on every
 *     instance, and required with Redis (tokens never appear in Redis, only their HMAC; an entry
 *     without a valid MAC is never used)
 * @param staleIfError when auth-service cannot answer, a session seen active this recently keeps
 *     being served (revocations still apply); {@code 0} turns this off
 * @param staleMaxSize the most sessions remembered for stale-if-error
 * @param l1RefreshAhead refresh-ahead window, in percent of an active L1 answer's life: a request
 *     that uses the answer within the last this-many percent of its {@code l1-ttl} is answered from
 *     it at once and starts one background introspection (L2, then auth-service) that replaces it,
 *     so a session in use never waits for auth-service; an answer nobody uses is not refreshed, and
 *     none is served past its TTL. {@code 0} turns refresh-ahead off (every expiry is then reloaded
 *     on the request path)
 */
@Validated
@ConfigurationProperties("gatehouse.cache")
public record CacheProperties(
    @DefaultValue("5s") @NotNull Duration l1Ttl,
    @DefaultValue("2s") @NotNull Duration l1NegativeTtl,
    @DefaultValue("100000") @Min(1) long l1MaxSize,
    @DefaultValue("60s") @NotNull Duration l2Ttl,
    @DefaultValue("5s") @NotNull Duration l2NegativeTtl,
    @DefaultValue("100ms") @NotNull Duration l2Timeout,
    @Nullable String l2KeySecret,
    @DefaultValue("5m") @NotNull Duration staleIfError,
    @DefaultValue("100000") @Min(1) long staleMaxSize,
    @DefaultValue("20") @Min(0) @Max(90) int l1RefreshAhead) {

  @AssertTrue(message = "gatehouse.cache.l2-ttl must be between 1 s and 60 s")
  boolean isL2TtlBounded() {
    return l2Ttl.compareTo(Duration.ofSeconds(1)) >= 0
        && l2Ttl.compareTo(Duration.ofSeconds(60)) <= 0;
  }

  /**
   * The secret, for a feature that cannot run without it when Redis is on; fails with a message
   * that says what to set.
   *
   * @param use what the secret is needed for, for the message
   */
  public String requiredL2KeySecret(String use) {
    String secret = l2KeySecret;
    if (secret == null || secret.length() < 16) {
      throw new IllegalStateException(
          "gatehouse.cache.l2-key-secret must be set (at least 16 characters, the same on every"
              + " instance) when gatehouse.redis.enabled=true: it "
              + use);
    }
    return secret;
  }

  @Override
  public String toString() {
    return "CacheProperties[l1Ttl=" + l1Ttl + ", l2Ttl=" + l2Ttl + ", l2KeySecret=***]";
  }
}
