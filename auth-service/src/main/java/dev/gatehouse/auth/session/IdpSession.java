package dev.gatehouse.auth.session;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The OpenID provider session a Gatehouse session came from, from the ID token of its login: what a
 * back-channel logout token names (OpenID Connect Back-Channel Logout 1.0 §2.4).
 *
 * @param issuer the ID token's {@code iss}
 * @param sid the ID token's {@code sid}, when the provider sends one
 * @param acr the ID token's {@code acr}, when the provider sends one (kept for audit)
 */
public record IdpSession(String issuer, @Nullable String sid, @Nullable String acr) {

  public IdpSession {
    Assert.hasText(issuer, "issuer cannot be empty");
  }
}
