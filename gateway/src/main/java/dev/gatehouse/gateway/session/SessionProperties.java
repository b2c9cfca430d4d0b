package dev.gatehouse.gateway.session;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
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
 * @param tokenSecret keys the check value every session token carries, the same value as
 *     auth-service's {@code gatehouse.session.token-secret}; a token whose check fails is refused
 *     (401) without a call to auth-service. Unset, the introspection client secret is used.
 *     Changing it ends every session
 */
@Validated
@ConfigurationProperties("gatehouse.session")
public record SessionProperties(
    @DefaultValue("GATEHOUSE_SESSION") @NotBlank String cookieName,
    @DefaultValue("4096") @Min(256) int maxCookieHeaderBytes,
    @Nullable String tokenSecret) {

  /** Never prints the token secret: records print every component by default. */
  @Override
  public String toString() {
    return "SessionProperties[cookieName="
        + cookieName
        + ", maxCookieHeaderBytes="
        + maxCookieHeaderBytes
        + ", tokenSecret="
        + (tokenSecret == null ? "unset" : "******")
        + "]";
  }
}
