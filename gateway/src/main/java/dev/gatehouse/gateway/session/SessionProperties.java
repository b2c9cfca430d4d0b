package dev.gatehouse.gateway.session;

import dev.gatehouse.protocol.SessionBinding;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param boundCookieName name of the DBSC bound-credential cookie set by auth-service; must match
 *     auth-service's {@code gatehouse.binding.cookie-name}. Sent with each introspection, never
 *     relayed to an upstream
 */
@Validated
@ConfigurationProperties("gatehouse.session")
public record SessionProperties(
    @DefaultValue("GATEHOUSE_SESSION") @NotBlank String cookieName,
    @DefaultValue("4096") @Min(256) int maxCookieHeaderBytes,
    @Nullable String tokenSecret,
    @DefaultValue(SessionBinding.DEFAULT_COOKIE_NAME) @NotBlank String boundCookieName) {

  @ConstructorBinding
  public SessionProperties {}

  /** With the default bound-credential cookie name. */
  public SessionProperties(
      String cookieName, int maxCookieHeaderBytes, @Nullable String tokenSecret) {
    this(cookieName, maxCookieHeaderBytes, tokenSecret, SessionBinding.DEFAULT_COOKIE_NAME);
  }

  /** Never prints the token secret: records print every component by default. */
  @Override
  public String toString() {
    return "SessionProperties[cookieName="
        + cookieName
        + ", maxCookieHeaderBytes="
        + maxCookieHeaderBytes
        + ", tokenSecret="
        + (tokenSecret == null ? "unset" : "******")
        + ", boundCookieName="
        + boundCookieName
        + "]";
  }
}
