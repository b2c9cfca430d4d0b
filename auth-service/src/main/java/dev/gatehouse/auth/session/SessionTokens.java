package dev.gatehouse.auth.session;

import dev.gatehouse.protocol.SessionTokenFormat;
import java.security.SecureRandom;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Makes and reads session tokens in the {@link SessionTokenFormat} the gateway checks too, keyed
 * with {@code gatehouse.session.token-secret} or, unset, the introspection client secret both
 * services already share. A presented string whose check value fails is no token: it never reaches
 * the database, so a flood of made-up tokens costs one HMAC each.
 */
@Component
public final class SessionTokens {

  /** One generator for the process: {@code SecureRandom} is thread-safe and seeds itself. */
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SessionTokenFormat format;

  SessionTokens(SessionProperties session, IntrospectionSecret introspection) {
    Assert.notNull(session, "session cannot be null");
    Assert.notNull(introspection, "introspection cannot be null");
    this.format = new SessionTokenFormat(secret(session, introspection), RANDOM);
  }

  private static String secret(SessionProperties session, IntrospectionSecret introspection) {
    String secret = session.tokenSecret();
    if (secret != null && !secret.isEmpty()) {
      return secret;
    }
    String shared = introspection.clientSecret();
    Assert.state(
        shared != null && !shared.isEmpty(),
        "set gatehouse.session.token-secret or gatehouse.introspection.client-secret: the session"
            + " token's check value is keyed with it");
    return shared;
  }

  /** A new random token. */
  SessionToken generate() {
    return SessionToken.of(format.generate());
  }

  /**
   * Parses a presented token. Anything that is not exactly a canonical token with a valid check
   * value is empty, so malformed or forged input never reaches the database.
   */
  public Optional<SessionToken> parse(@Nullable String raw) {
    if (raw == null || !format.isValid(raw)) {
      return Optional.empty();
    }
    return Optional.of(SessionToken.of(raw));
  }

  @Override
  public String toString() {
    return "SessionTokens[" + format + "]";
  }
}
