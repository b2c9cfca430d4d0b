package dev.gatehouse.auth.user;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The password policy (OWASP ASVS 5.0 V6.2): lengths count Unicode code points of the
 * NFKC-normalised password. No composition rules, on purpose (ASVS 6.2.5).
 *
 * @param minLength shortest password accepted; default 12 (ASVS 6.2.1 asks for at least 8, 15
 *     recommended)
 * @param maxLength longest password accepted; default 128; longer ones are refused with a message,
 *     never truncated (ASVS 6.2.9 asks that at least 64 be allowed)
 */
@ConfigurationProperties("gatehouse.passwords")
@Validated
record PasswordProperties(
    @DefaultValue("12") @Min(8) @Max(64) int minLength,
    @DefaultValue("128") @Min(64) @Max(UserAuthenticator.MAX_PASSWORD_LENGTH) int maxLength) {}
