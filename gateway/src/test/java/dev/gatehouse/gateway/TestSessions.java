package dev.gatehouse.gateway;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Fixtures for session tokens and the introspection answers auth-service would give for them. */
public final class TestSessions {

  private static final SecureRandom random = new SecureRandom();

  private TestSessions() {}

  /** A fresh, well-formed session token (256 random bits, base64url without padding). */
  public static String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A user with a fresh session, and the RFC 7662 body describing it. */
  public record TestSession(String userId, String username, String sid, String roles, long exp) {

    public static TestSession alice() {
      return new TestSession(
          UUID.randomUUID().toString(),
          "alice",
          UUID.randomUUID().toString(),
          "[\"user\"]",
          Instant.now().plusSeconds(3600).getEpochSecond());
    }

    public static TestSession admin() {
      return new TestSession(
          UUID.randomUUID().toString(),
          "admin",
          UUID.randomUUID().toString(),
          "[\"user\",\"admin\"]",
          Instant.now().plusSeconds(3600).getEpochSecond());
    }

    public TestSession expiringAt(Instant when) {
      return new TestSession(userId, username, sid, roles, when.getEpochSecond());
    }

    public String introspectionJson() {
      long now = Instant.now().getEpochSecond();
      return """
          {"active":true,"sub":"%s","username":"%s","sid":"%s","roles":%s,\
          "iat":%d,"exp":%d,"auth_time":%d}"""
          .formatted(userId, username, sid, roles, now - 60, exp, now - 60);
    }
  }
}
