package dev.gatehouse.gateway.session;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The in-process introspection cache (L1). A cached result never outlives the session's {@code exp}
 * (RFC 7662 §4), and a revocation is visible at most {@code l1Ttl} later.
 *
 * @param l1Ttl how long an active introspection result is reused in this instance
 * @param l1NegativeTtl how long an inactive result is reused, so floods of bogus tokens do not
 *     reach auth-service
 * @param l1MaxSize the most entries kept (active and inactive together)
 */
@Validated
@ConfigurationProperties("gatehouse.cache")
public record CacheProperties(
    @DefaultValue("5s") @NotNull Duration l1Ttl,
    @DefaultValue("2s") @NotNull Duration l1NegativeTtl,
    @DefaultValue("100000") @Min(1) long l1MaxSize) {}
