package dev.gatehouse.auth.login;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.NewSession;
import dev.gatehouse.auth.session.SessionService;
import dev.gatehouse.auth.session.SessionToken;
import dev.gatehouse.auth.throttle.LoginThrottle;
import dev.gatehouse.auth.user.AuthenticatedUser;
import dev.gatehouse.auth.user.UserAuthenticator;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Logs a user in: ask the throttle, verify the password, then always create a fresh session (no
 * fixation). A session token the browser still presented is revoked, so the old cookie value is
 * dead afterwards.
 */
@Service
final class LoginService {

  private static final Logger log = LoggerFactory.getLogger(LoginService.class);

  private final UserAuthenticator authenticator;
  private final SessionService sessions;
  private final RevocationService revocations;
  private final LoginThrottle throttle;

  LoginService(
      UserAuthenticator authenticator,
      SessionService sessions,
      RevocationService revocations,
      LoginThrottle throttle) {
    Assert.notNull(authenticator, "authenticator cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(throttle, "throttle cannot be null");
    this.authenticator = authenticator;
    this.sessions = sessions;
    this.revocations = revocations;
    this.throttle = throttle;
  }

  /** The outcome of one attempt. */
  sealed interface LoginResult {

    /** Logged in: the new session, whose token goes into the cookie. */
    record Success(AuthenticatedUser user, NewSession session) implements LoginResult {}

    /** Unknown user, wrong password or disabled account: deliberately not told apart. */
    record Rejected() implements LoginResult {}

    /**
     * Too many failures for this username or from this client: the password was not checked, so the
     * answer is the same whether it was right, and whether the user exists.
     *
     * @param retryAfter how long to wait, whole seconds
     */
    record Throttled(Duration retryAfter) implements LoginResult {}
  }

  LoginResult login(LoginAttempt attempt) {
    Assert.notNull(attempt, "attempt cannot be null");
    Optional<Duration> wait = throttle.tryAcquire(attempt.username(), attempt.clientIp());
    if (wait.isPresent()) {
      return new LoginResult.Throttled(wait.get());
    }
    Optional<AuthenticatedUser> user =
        authenticator.authenticate(attempt.username(), attempt.password());
    if (user.isEmpty()) {
      log.info("Login rejected from {}", attempt.clientIp());
      return new LoginResult.Rejected();
    }
    throttle.succeeded(attempt.username(), attempt.clientIp());
    AuthenticatedUser authenticated = user.get();
    attempt.presentedToken().ifPresent(token -> revokeReplaced(token, authenticated));
    NewSession session =
        sessions.create(authenticated.id(), attempt.clientIp(), attempt.userAgent());
    log.info("Login user={} sid={} from {}", authenticated.id(), session.sid(), attempt.clientIp());
    return new LoginResult.Success(authenticated, session);
  }

  private void revokeReplaced(SessionToken token, AuthenticatedUser user) {
    sessions
        .find(token)
        .ifPresent(
            old ->
                revocations.revokeSession(
                    old.sid(),
                    new Actor(user.id().toString(), user.username()),
                    AuditAction.SESSION_REPLACED,
                    RevocationService.REASON_REPLACED));
  }

  /**
   * One login attempt.
   *
   * @param presentedToken the session token the browser still sent, if any
   */
  record LoginAttempt(
      String username,
      String password,
      Optional<SessionToken> presentedToken,
      @Nullable String clientIp,
      @Nullable String userAgent) {

    @Override
    public String toString() {
      return "LoginAttempt[clientIp=" + clientIp + "]";
    }
  }
}
