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
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.util.Assert;

/**
 * Logs a user in: ask the throttle, verify the password, then always create a fresh session (no
 * fixation). The session the browser still presented is revoked, so the old cookie value is dead
 * afterwards: named by its cookie (a direct login) or by the {@code sid} of the gateway JWT minted
 * from it (a login through the gateway, which strips the cookie).
 */
@Service
final class LoginService {

  private static final Logger log = LoggerFactory.getLogger(LoginService.class);

  private final UserAuthenticator authenticator;
  private final SessionService sessions;
  private final RevocationService revocations;
  private final LoginThrottle throttle;
  private final TemporaryPasswordChange passwordChange;
  private final LoginMetrics metrics;

  LoginService(
      UserAuthenticator authenticator,
      SessionService sessions,
      RevocationService revocations,
      LoginThrottle throttle,
      TemporaryPasswordChange passwordChange,
      LoginMetrics metrics) {
    Assert.notNull(authenticator, "authenticator cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(throttle, "throttle cannot be null");
    Assert.notNull(passwordChange, "passwordChange cannot be null");
    this.authenticator = authenticator;
    this.sessions = sessions;
    this.revocations = revocations;
    this.throttle = throttle;
    this.passwordChange = passwordChange;
    this.metrics = metrics;
  }

  /** The outcome of one attempt. */
  sealed interface LoginResult {

    /** Logged in: the new session, whose token goes into the cookie. */
    record Success(AuthenticatedUser user, NewSession session) implements LoginResult {}

    /**
     * The password was right but temporary: no session; the user must choose their own first.
     *
     * @param changeUrl the one-time link of the change page
     */
    record PasswordChangeRequired(AuthenticatedUser user, String changeUrl) implements LoginResult {

      @Override
      public String toString() {
        return "PasswordChangeRequired[user=" + user.id() + "]";
      }
    }

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
    return metrics.counted(attempt(attempt));
  }

  private LoginResult attempt(LoginAttempt attempt) {
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
    if (authenticated.mustChangePassword()) {
      return new LoginResult.PasswordChangeRequired(
          authenticated, passwordChange.linkFor(authenticated).url());
    }
    attempt
        .presentedToken()
        .flatMap(sessions::find)
        .ifPresent(old -> revokeReplaced(old.sid(), authenticated));
    // Idempotent: when the cookie named the same session, this finds it revoked already.
    attempt.presentedSid().get().ifPresent(sid -> revokeReplaced(sid, authenticated));
    NewSession session =
        sessions.create(authenticated.id(), attempt.clientIp(), attempt.userAgent());
    log.info("Login user={} sid={} from {}", authenticated.id(), session.sid(), attempt.clientIp());
    return new LoginResult.Success(authenticated, session);
  }

  private void revokeReplaced(UUID sid, AuthenticatedUser user) {
    revocations.revokeSession(
        sid,
        new Actor(user.id().toString(), user.username()),
        AuditAction.SESSION_REPLACED,
        RevocationService.REASON_REPLACED);
  }

  /**
   * One login attempt.
   *
   * @param presentedToken the session token the browser still sent, if any
   * @param presentedSid the session named by a verified gateway JWT the request carried, if any;
   *     asked only once the password was verified, so a flood of failing logins costs no signature
   *     check
   */
  record LoginAttempt(
      String username,
      String password,
      Optional<SessionToken> presentedToken,
      Supplier<Optional<UUID>> presentedSid,
      @Nullable String clientIp,
      @Nullable String userAgent) {

    @Override
    public String toString() {
      return "LoginAttempt[clientIp=" + clientIp + "]";
    }
  }
}
