package dev.gatehouse.auth.oidc.logout;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A verified OpenID Connect Back-Channel Logout 1.0 logout token (§2.4): its signature, issuer,
 * audience, times, event and subject claims were checked. It carries no secret: a logout token is
 * single use, and its {@code jti} is remembered once it is accepted.
 *
 * @param registrationId the client registration the token was sent to
 * @param issuer {@code iss}, equal to the registration's issuer
 * @param jti {@code jti}
 * @param sid the provider session ({@code sid}), if the token names one
 * @param subject the provider's user ({@code sub}), if the token names one
 * @param rememberUntil until when the {@code jti} must be remembered: after that, the token is
 *     refused as too old anyway
 */
record LogoutToken(
    String registrationId,
    String issuer,
    String jti,
    @Nullable String sid,
    @Nullable String subject,
    Instant rememberUntil) {}
