package dev.gatehouse.gateway;

import dev.gatehouse.protocol.Assurance;
import dev.gatehouse.protocol.IntrospectionResponse;
import dev.gatehouse.protocol.SessionTokenFormat;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Fixtures for session tokens and the introspection answers auth-service would give for them. */
public final class TestSessions {

  /**
   * The token secret of every test gateway ({@code application-test.yml}, {@link GatewayInstance}),
   * as auth-service would share it.
   */
  public static final String TOKEN_SECRET = "test session-token secret";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom random = new SecureRandom();
  private static final SessionTokenFormat FORMAT = new SessionTokenFormat(TOKEN_SECRET, random);

  private TestSessions() {}

  /** A fresh session token with a valid check value, as auth-service issues them. */
  public static String newToken() {
    return FORMAT.generate();
  }

  /** A token-shaped value (54 base64url characters) whose check value is wrong: made up. */
  public static String forgedToken() {
    byte[] bytes = new byte[40];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * A user with a fresh session, and the RFC 7662 body describing it.
   *
   * @param amr how the user authenticated: admins passed a second factor (as auth-service's default
   *     {@code gatehouse.mfa.required-roles} makes them), others a password only
   */
  public record TestSession(
      String userId, String username, String sid, String roles, long exp, List<String> amr) {

    public TestSession(String userId, String username, String sid, String roles, long exp) {
      this(userId, username, sid, roles, exp, Assurance.PASSWORD_ONLY);
    }

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
          Instant.now().plusSeconds(3600).getEpochSecond(),
          Assurance.PASSWORD_AND_OTP);
    }

    public TestSession expiringAt(Instant when) {
      return new TestSession(userId, username, sid, roles, when.getEpochSecond(), amr);
    }

    /** The same session, authenticated with these methods. */
    public TestSession authenticatedWith(List<String> methods) {
      return new TestSession(userId, username, sid, roles, exp, methods);
    }

    /** The body auth-service would answer, written with the shared protocol type. */
    public String introspectionJson() {
      long now = Instant.now().getEpochSecond();
      List<String> roleNames = JSON.readValue(roles, new TypeReference<List<String>>() {});
      return JSON.writeValueAsString(
          IntrospectionResponse.active(
              userId, username, sid, roleNames, now - 60, exp, now - 60, amr));
    }
  }
}
