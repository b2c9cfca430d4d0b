package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.oidc.OidcPendingLogins.ProviderLogin;
import dev.gatehouse.auth.session.IdpSession;
import dev.gatehouse.protocol.Assurance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * What a validated ID token says about the login, in the session's words: the provider session
 * ({@code iss}, {@code sid}, {@code acr}) and the methods ({@code amr}, RFC 8176). The provider's
 * methods are kept (well-formed names only, at most {@link #MAX_METHODS}); when one of them is in
 * {@code gatehouse.oidc.mfa-methods}, {@link Assurance#MFA} is added, which the gateway's step-up
 * rule and {@code gatehouse.mfa.required-roles} accept as a second factor. A token without {@code
 * amr} is recorded as {@link #UNSPECIFIED}: the provider vouched for the user, how is not known.
 */
@Component
public final class ProviderAssurance {

  /** {@code amr} of a provider login whose ID token names no method. */
  public static final String UNSPECIFIED = "ext";

  private static final Pattern METHOD = Pattern.compile("[a-z0-9_-]{1,16}");
  private static final int MAX_METHODS = 6;
  private static final int MAX_VALUE = 255;

  private final OidcProperties properties;

  ProviderAssurance(OidcProperties properties) {
    Assert.notNull(properties, "properties cannot be null");
    this.properties = properties;
  }

  /** The provider login an ID token describes. */
  public ProviderLogin login(OidcIdToken idToken) {
    return new ProviderLogin(
        new IdpSession(
            idToken.getIssuer().toString(),
            bounded(idToken.getClaimAsString("sid")),
            bounded(idToken.getAuthenticationContextClass())),
        amr(idToken.getAuthenticationMethods()));
  }

  /** Whether the methods count as a second factor. */
  public boolean multiFactor(ProviderLogin login) {
    return Assurance.isMultiFactor(login.amr());
  }

  private List<String> amr(@Nullable List<String> methods) {
    List<String> amr = new ArrayList<>();
    if (methods != null) {
      for (String method : methods) {
        String name = method.toLowerCase(Locale.ROOT);
        if (METHOD.matcher(name).matches() && !amr.contains(name) && amr.size() < MAX_METHODS) {
          amr.add(name);
        }
      }
    }
    boolean counts = amr.stream().anyMatch(properties.mfaMethods()::contains);
    // Never otp from a provider: otp in a Gatehouse session means Gatehouse's own TOTP passed.
    amr.remove(Assurance.OTP);
    if (counts && !amr.contains(Assurance.MFA)) {
      amr.add(Assurance.MFA);
    }
    if (amr.isEmpty()) {
      amr.add(UNSPECIFIED);
    }
    return List.copyOf(amr);
  }

  private static @Nullable String bounded(@Nullable String value) {
    return (value == null || value.isEmpty() || value.length() > MAX_VALUE) ? null : value;
  }
}
