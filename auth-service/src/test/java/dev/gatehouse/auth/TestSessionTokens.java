package dev.gatehouse.auth;

import dev.gatehouse.protocol.SessionTokenFormat;
import java.security.SecureRandom;
import java.util.Base64;

/** Session tokens a test presents without logging in: never issued, check-valid or forged. */
public final class TestSessionTokens {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final SessionTokenFormat FORMAT =
      new SessionTokenFormat(AbstractIntegrationTests.CLIENT_SECRET, RANDOM);

  private TestSessionTokens() {}

  /** A token with a valid check value under the test secret that names no session. */
  public static String unknown() {
    return FORMAT.generate();
  }

  /** 40 random bytes in the token's shape: a check value that fails, as an attacker would send. */
  public static String forged() {
    byte[] bytes = new byte[40];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
