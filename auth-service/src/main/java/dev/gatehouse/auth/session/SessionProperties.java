package dev.gatehouse.auth.session;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * Session lifetime and the session cookie.
 *
 * @param cookieName name of the session cookie; default {@code GATEHOUSE_SESSION}. A name starting
 *     with {@code __Host-} (the production profile's) makes browsers insist on {@code Secure},
 *     {@code Path=/} and no {@code Domain}
 * @param cookieSecure whether the cookie carries {@code Secure}; default {@code true}. Turn it off
 *     only for plain http on localhost (the embedded profile does, and warns at start)
 * @param absoluteTimeout lifetime of a session from login, whatever its activity; default 12 h
 * @param idleTimeout a session not introspected for this long is over; default 30 min
 * @param tokenSecret keys the check value every session token carries (set the same value on the
 *     gateway, which refuses tokens whose check fails without asking); unset, the introspection
 *     client secret is used. Changing it ends every session
 */
@ConfigurationProperties("gatehouse.session")
@Validated
record SessionProperties(
    @DefaultValue("GATEHOUSE_SESSION")
        @NotBlank
        // RFC 6265 cookie-name: an HTTP token
        @Pattern(regexp = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+")
        String cookieName,
    @DefaultValue("true") boolean cookieSecure,
    @DefaultValue("12h") Duration absoluteTimeout,
    @DefaultValue("30m") Duration idleTimeout,
    @Nullable String tokenSecret) {

  SessionProperties {
    Assert.isTrue(
        !absoluteTimeout.isNegative() && !absoluteTimeout.isZero(),
        "gatehouse.session.absolute-timeout must be positive");
    Assert.isTrue(
        !idleTimeout.isNegative() && !idleTimeout.isZero(),
        "gatehouse.session.idle-timeout must be positive");
    Assert.isTrue(
        cookieSecure || !cookieName.toLowerCase(Locale.ROOT).startsWith("__host-"),
        "a __Host- cookie must be Secure: browsers drop it otherwise"
            + " (set gatehouse.session.cookie-secure=true or choose another cookie name)");
  }

  /** Never prints the token secret: records print every component by default. */
  @Override
  public String toString() {
    return "SessionProperties[cookieName="
        + cookieName
        + ", cookieSecure="
        + cookieSecure
        + ", absoluteTimeout="
        + absoluteTimeout
        + ", idleTimeout="
        + idleTimeout
        + ", tokenSecret="
        + (tokenSecret == null ? "unset" : "******")
        + "]";
  }
}
