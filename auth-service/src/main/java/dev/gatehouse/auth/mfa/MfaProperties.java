package dev.gatehouse.auth.mfa;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.validation.annotation.Validated;

/**
 * TOTP multi-factor authentication (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps).
 *
 * @param requiredRoles users with any of these roles must use a second factor: a login without one
 *     leads to enrollment first; default {@code admin}. Empty: MFA is optional for everyone
 * @param skewSteps how many 30-second steps before and after the server's clock a code is still
 *     accepted (clock drift, typing time); default 1
 * @param encryptionSecret keys the AES-GCM encryption of stored TOTP secrets and the keyed hash of
 *     recovery codes; unset, {@code gatehouse.session.token-secret} is used, and unset too, the
 *     introspection client secret. Changing it makes every enrolled secret unreadable: those users
 *     log in with a recovery code or an operator resets their MFA. Set it explicitly in production
 * @param challengeTimeout how long the second login step (code or enrollment page) stays valid
 *     after the password was accepted; default 5 min
 * @param challengeMaxAttempts wrong codes one pending login step accepts before the user must enter
 *     the password again; default 5
 * @param recoveryCodes how many single-use recovery codes enrollment hands out; default 10
 * @param issuer the issuer an authenticator app shows (the {@code ISSUER} in {@code
 *     otpauth://totp/ISSUER:USER}); default {@code Gatehouse}
 */
@ConfigurationProperties("gatehouse.mfa")
@Validated
record MfaProperties(
    @DefaultValue("admin") List<String> requiredRoles,
    @DefaultValue("1") @Min(0) @Max(3) int skewSteps,
    @Nullable String encryptionSecret,
    @DefaultValue("5m") Duration challengeTimeout,
    @DefaultValue("5") @Min(1) int challengeMaxAttempts,
    @DefaultValue("10") @Min(1) @Max(50) int recoveryCodes,
    @DefaultValue("Gatehouse") String issuer) {

  MfaProperties {
    requiredRoles =
        requiredRoles.stream()
            .map(role -> role.trim().toLowerCase(Locale.ROOT))
            .filter(role -> !role.isEmpty())
            .toList();
    Assert.isTrue(
        !challengeTimeout.isNegative() && !challengeTimeout.isZero(),
        "gatehouse.mfa.challenge-timeout must be positive");
    Assert.isTrue(
        !issuer.isBlank() && !issuer.contains(":"), "gatehouse.mfa.issuer cannot contain ':'");
  }

  /** Never prints the encryption secret: records print every component by default. */
  @Override
  public String toString() {
    return "MfaProperties[requiredRoles="
        + requiredRoles
        + ", skewSteps="
        + skewSteps
        + ", encryptionSecret="
        + (encryptionSecret == null ? "unset" : "******")
        + ", challengeTimeout="
        + challengeTimeout
        + ", challengeMaxAttempts="
        + challengeMaxAttempts
        + ", recoveryCodes="
        + recoveryCodes
        + ", issuer="
        + issuer
        + "]";
  }
}
