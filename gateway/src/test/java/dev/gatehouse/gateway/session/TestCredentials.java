package dev.gatehouse.gateway.session;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.protocol.SessionTokenFormat;
import java.security.SecureRandom;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Credentials as the gateway resolves them, for unit tests outside this package. */
public final class TestCredentials {

  private static final SessionCredentialResolver RESOLVER =
      new SessionCredentialResolver(
          new SessionProperties("GATEHOUSE_SESSION", 4096, TestSessions.TOKEN_SECRET),
          new SessionTokenFormat(TestSessions.TOKEN_SECRET, new SecureRandom()));

  private TestCredentials() {}

  /** What the gateway finds in {@code request}. */
  public static CredentialResolution resolve(ServerHttpRequest request) {
    return RESOLVER.resolve(request);
  }

  /** A well-formed session token sent as the session cookie. */
  public static SessionCredential cookie() {
    return SessionCredential.of(TestSessions.newToken(), SessionCredential.Source.COOKIE);
  }

  /** A well-formed session token sent as {@code Authorization: Bearer}. */
  public static SessionCredential bearer() {
    return SessionCredential.of(TestSessions.newToken(), SessionCredential.Source.BEARER);
  }

  /** What a {@link SessionIntrospector} emits when auth-service cannot answer. */
  public static IntrospectionUnavailableException unavailable(String message) {
    return new IntrospectionUnavailableException(message);
  }
}
