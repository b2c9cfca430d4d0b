package dev.gatehouse.auth.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/} URI authenticator apps read (the Key Uri Format): label {@code
 * issuer:username}, the Base32 secret, the issuer again; SHA1, 6 digits and 30 s are the defaults
 * every app assumes, so they are left out.
 */
final class OtpauthUri {

  private OtpauthUri() {}

  static String of(String issuer, String username, String base32Secret) {
    return "otpauth://totp/"
        + encode(issuer)
        + ":"
        + encode(username)
        + "?secret="
        + base32Secret
        + "&issuer="
        + encode(issuer);
  }

  /** Percent-encoding as in a URI path ({@code %20}, not {@code +}). */
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
