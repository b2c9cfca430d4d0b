package dev.gatehouse.auth.binding;

import dev.gatehouse.protocol.SessionBinding;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * Device-bound sessions (DBSC).
 *
 * @param enabled whether logins offer DBSC registration ({@code Secure-Session-Registration}) and
 *     the {@code /session-binding/**} endpoints answer; default {@code false} (they answer 404)
 * @param boundCookieLifetime how long one bound credential (the short-lived cookie the browser
 *     renews with a proof of its key) is valid: a copied session cookie of a bound session stops
 *     working at most this long after the copy; default 5 min
 * @param challengeLifetime how long a registration or refresh challenge can be used (once); default
 *     2 min
 * @param cookieName name of the bound credential cookie; default {@code GATEHOUSE_BOUND}. A name
 *     starting with {@code __Host-} makes browsers insist on {@code Secure}, {@code Path=/} and no
 *     {@code Domain}. It carries {@code Secure} exactly when the session cookie does ({@code
 *     gatehouse.session.cookie-secure})
 * @param algorithms the proof algorithms offered and accepted, in order of preference; default
 *     {@code ES256, RS256} (the only ones allowed)
 * @param registrationGrace how long after a registration a request that carries <em>no</em> bound
 *     cookie still counts as not bound: the page and API requests the browser sent while it was
 *     registering (Chromium does not hold them). A copied session cookie works this much longer
 *     after the registration, at most; default 10 s, {@code 0s} refuses them
 * @param origin the scope origin in the session instructions ({@code https://host[:port]}); unset,
 *     the public origin of the request as the gateway forwards it ({@code X-Forwarded-Proto} and
 *     {@code -Host}), else the request's own
 */
@ConfigurationProperties("gatehouse.binding")
@Validated
record BindingProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("5m") Duration boundCookieLifetime,
    @DefaultValue("2m") Duration challengeLifetime,
    @DefaultValue(SessionBinding.DEFAULT_COOKIE_NAME)
        @NotBlank
        // RFC 6265 cookie-name: an HTTP token
        @Pattern(regexp = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+")
        String cookieName,
    @DefaultValue({"ES256", "RS256"}) @NotEmpty List<String> algorithms,
    @DefaultValue("10s") Duration registrationGrace,
    @Nullable String origin) {

  static final Set<String> ALLOWED_ALGORITHMS = Set.of("ES256", "RS256");

  BindingProperties {
    Assert.isTrue(
        !boundCookieLifetime.isNegative() && !boundCookieLifetime.isZero(),
        "gatehouse.binding.bound-cookie-lifetime must be positive");
    Assert.isTrue(
        !challengeLifetime.isNegative() && !challengeLifetime.isZero(),
        "gatehouse.binding.challenge-lifetime must be positive");
    Assert.isTrue(
        !registrationGrace.isNegative() && registrationGrace.compareTo(Duration.ofMinutes(1)) <= 0,
        "gatehouse.binding.registration-grace must be between 0s and 1m");
    algorithms = List.copyOf(algorithms);
    Assert.isTrue(
        ALLOWED_ALGORITHMS.containsAll(algorithms),
        "gatehouse.binding.algorithms allows only ES256 and RS256");
    Assert.isTrue(
        origin == null || origin.matches("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?"),
        "gatehouse.binding.origin must be scheme://host[:port]");
  }

  /** Whether the cookie name has the {@code __Host-} prefix. */
  boolean hostPrefixed() {
    return cookieName.toLowerCase(Locale.ROOT).startsWith("__host-");
  }
}
