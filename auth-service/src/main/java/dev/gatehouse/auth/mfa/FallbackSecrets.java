package dev.gatehouse.auth.mfa;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the MFA encryption key comes from when {@code gatehouse.mfa.encryption-secret} is unset:
 * the same chain as the session token's check value. The settings are documented by their own
 * features; they are bound again here so {@code mfa} depends on neither.
 */
final class FallbackSecrets {

  private FallbackSecrets() {}

  /**
   * The first set of {@code gatehouse.mfa.encryption-secret}, {@code
   * gatehouse.session.token-secret} and {@code gatehouse.introspection.client-secret}; none set
   * fails the start.
   */
  static String encryptionSecret(
      MfaProperties properties, SessionSecret session, ClientSecret client) {
    for (String candidate :
        new String[] {
          properties.encryptionSecret(), session.tokenSecret(), client.clientSecret()
        }) {
      if (candidate != null && !candidate.isEmpty()) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "set gatehouse.mfa.encryption-secret (or gatehouse.session.token-secret or"
            + " gatehouse.introspection.client-secret): stored TOTP secrets are encrypted with it");
  }

  /** {@code gatehouse.session.token-secret}, as the session feature documents it. */
  @ConfigurationProperties("gatehouse.session")
  record SessionSecret(@Nullable String tokenSecret) {
    @Override
    public String toString() {
      return "SessionSecret[******]";
    }
  }

  /** {@code gatehouse.introspection.client-secret}, as the system feature documents it. */
  @ConfigurationProperties("gatehouse.introspection")
  record ClientSecret(@Nullable String clientSecret) {
    @Override
    public String toString() {
      return "ClientSecret[******]";
    }
  }
}
