package dev.gatehouse.protocol;

import java.util.List;

/**
 * How strongly a session's user authenticated, in the words of the tokens: {@code amr}
 * (authentication methods references, RFC 8176 values) and {@code acr} (authentication context
 * class reference, OpenID Connect Core §2), as auth-service records them, introspection reports
 * them and the gateway copies them into every minted JWT. Step-up routes ({@code gatehouse.mfa:
 * required}) need a second factor: {@link #OTP} (Gatehouse's TOTP) or {@link #MFA} (an OpenID
 * provider reported multi-factor authentication) among the methods ({@link #isMultiFactor}).
 */
public final class Assurance {

  /** RFC 8176 §2: a password was checked. */
  public static final String PWD = "pwd";

  /** RFC 8176 §2: a one-time password (TOTP or a recovery code) was checked. */
  public static final String OTP = "otp";

  /**
   * RFC 8176 §2: multiple-factor authentication; Gatehouse records it for a login through an OpenID
   * provider whose ID token named a method that counts as a second factor.
   */
  public static final String MFA = "mfa";

  /** {@code acr} of a password-only session. */
  public static final String ACR_PASSWORD = "urn:gatehouse:acr:pwd";

  /** {@code acr} of a session that passed a second factor after the password. */
  public static final String ACR_MFA = "urn:gatehouse:acr:mfa";

  /** {@code amr} of a password-only session. */
  public static final List<String> PASSWORD_ONLY = List.of(PWD);

  /** {@code amr} of a password plus a one-time password. */
  public static final List<String> PASSWORD_AND_OTP = List.of(PWD, OTP);

  private Assurance() {}

  /** The {@code acr} matching a list of methods. */
  public static String acr(List<String> amr) {
    return isMultiFactor(amr) ? ACR_MFA : ACR_PASSWORD;
  }

  /** Whether the methods include a second factor: {@link #OTP} or {@link #MFA}. */
  public static boolean isMultiFactor(List<String> amr) {
    return amr.contains(OTP) || amr.contains(MFA);
  }
}
