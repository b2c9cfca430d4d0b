package dev.gatehouse.gateway.session;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway finds the session token in a request.
 *
 * @param cookieName name of the session cookie set by auth-service; must match auth-service's
 *     {@code gatehouse.session.cookie-name}
 * @param maxCookieHeaderBytes a request whose {@code Cookie} header is longer is refused with 431
 *     before any network call
 */
@Validated
@ConfigurationProperties("gatehouse.session")
public record SessionProperties(
    @DefaultValue("GATEHOUSE_SESSION") @NotBlank String cookieName,
    @DefaultValue("4096") @Min(256) int maxCookieHeaderBytes) {}
