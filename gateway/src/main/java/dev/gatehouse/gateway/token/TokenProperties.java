package dev.gatehouse.gateway.token;

import jakarta.validation.constraints.Min;
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
 * @param reuseRatio a minted token is reused for the same session and audience while at least this
 *     share of its lifetime is left (Oathkeeper drops a cached token with less than 10 % left)
 * @param maxHeaderBytes a token whose {@code Authorization} header would be larger is not sent: the
 *     request is answered 500 {@code token_too_large} and counted, instead of breaking the upstream
 * @param keyRotation how often a new signing key is generated
 * @param keyOverlap how long a retired key stays published; longer than {@code ttl} plus the
 *     backends' clock skew, so every token it signed still verifies until it expires
 */
@Validated
@ConfigurationProperties("gatehouse.token")
public record TokenProperties(
    @DefaultValue("http://localhost:8080") @NotBlank String issuer,
    @DefaultValue("60s") @NotNull Duration ttl,
    @DefaultValue("0.1") double reuseRatio,
    @DefaultValue("4096") @Min(512) int maxHeaderBytes,
    @DefaultValue("24h") @NotNull Duration keyRotation,
    @DefaultValue("10m") @NotNull Duration keyOverlap) {}
