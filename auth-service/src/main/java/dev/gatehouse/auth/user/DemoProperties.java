package dev.gatehouse.auth.user;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo users for trying Gatehouse out: {@code alice} (role {@code user}) and {@code admin} (roles
 * {@code user}, {@code admin}). On only in the {@code embedded} profile.
 *
 * @param enabled create the demo users at start; default {@code false}
 * @param alicePassword alice's password; when unset a random one is generated and printed at start
 * @param adminPassword admin's password; when unset a random one is generated and printed at start
 * @param adminTotpSecret admin's TOTP secret (Base32, at least 16 characters), so the admin, whose
 *     role requires MFA, can log in with an authenticator app set up from it; when unset a random
 *     one is generated and printed at start
 */
@ConfigurationProperties("gatehouse.demo")
record DemoProperties(
    @DefaultValue("false") boolean enabled,
    @Nullable String alicePassword,
    @Nullable String adminPassword,
    @Nullable String adminTotpSecret) {

  @Override
  public String toString() {
    return "DemoProperties[enabled=" + enabled + "]";
  }
}
