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
