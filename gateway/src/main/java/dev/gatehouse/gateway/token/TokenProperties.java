package dev.gatehouse.gateway.token;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The internal JWTs the gateway mints for backends (RFC 7519, signed ES256 per RFC 7515).
 *
 * @param issuer the {@code iss} claim: the gateway's external base URL, which backends configure as
 *     their issuer
 * @param ttl lifetime of a minted token; it bounds how long a token survives a revocation
 */
@Validated
@ConfigurationProperties("gatehouse.token")
public record TokenProperties(
    @DefaultValue("http://localhost:8080") @NotBlank String issuer,
    @DefaultValue("60s") @NotNull Duration ttl) {}
