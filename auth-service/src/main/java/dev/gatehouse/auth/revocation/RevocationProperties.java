package dev.gatehouse.auth.revocation;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Publishing revocations to the gateways. The database log is the source of truth; the publish is
 * the fast path, best effort.
 *
 * @param publish publish each revocation on Redis pub/sub after it commits; default {@code false}
 *     (the production profile turns it on). Uses the {@code spring.data.redis.*} connection
 * @param channel the Redis channel; default {@code gatehouse:revocations}
 */
@ConfigurationProperties("gatehouse.revocation")
@Validated
record RevocationProperties(
    @DefaultValue("false") boolean publish,
    @DefaultValue("gatehouse:revocations") @NotBlank String channel) {}
