package dev.gatehouse.auth.login;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.mfa.MfaService;
import dev.gatehouse.auth.oidc.OidcPendingLogins;
import dev.gatehouse.auth.oidc.OidcPendingLogins.ProviderLogin;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.IdpSession;
import dev.gatehouse.auth.session.NewSession;
import dev.gatehouse.auth.session.SessionService;
import dev.gatehouse.auth.session.SessionToken;
import dev.gatehouse.auth.throttle.LoginThrottle;
import dev.gatehouse.auth.user.AuthenticatedUser;
import dev.gatehouse.auth.user.UserAuthenticator;
import dev.gatehouse.protocol.Assurance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.Assert;

/**
 * Logs a user in: ask the throttle, verify the password, for a user with MFA the second factor (a
 * pending step of the form login, or the JSON login's {@code otp}), then always create a fresh
 * session (no fixation) that records how the user authenticated ({@code amr}). The session the
 * browser still presented is revoked, so the old cookie value is dead afterwards: named by its
 * cookie (a direct login) or by the {@code sid} of the gateway JWT minted from it (a login through
 * the gateway, which strips the cookie).
 */
@Service
final class LoginService {

  private static final Logger log = LoggerFactory.getLogger(LoginService.class);

  /**
   * How long a provider login waits for its second step: longer than any pending step lives ({@code
   * gatehouse.mfa.challenge-timeout}), which ends it first.
   */
  private static final Duration PENDING_PROVIDER_LOGIN = Duration.ofMinutes(30);

  private final UserAuthenticator authenticator;
  private final SessionService sessions;
  private final RevocationService revocations;
  private final LoginThrottle throttle;
  private final TemporaryPasswordChange passwordChange;
  private final MfaService mfa;
  private final LoginMetrics metrics;
  private final OidcPendingLogins pendingProviderLogins;

  LoginService(
      UserAuthenticator authenticator,
      SessionService sessions,
      RevocationService revocations,
      LoginThrottle throttle,
      TemporaryPasswordChange passwordChange,
      MfaService mfa,
      LoginMetrics metrics,
      OidcPendingLogins pendingProviderLogins) {
    Assert.notNull(mfa, "mfa cannot be null");
    Assert.notNull(pendingProviderLogins, "pendingProviderLogins cannot be null");
    this.pendingProviderLogins = pendingProviderLogins;
    Assert.notNull(metrics, "metrics cannot be null");
    this.mfa = mfa;
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

    /**
     * Logged in: the new session, whose token goes into the cookie.
     *
     * @param recoveryCodes the recovery codes of an enrollment just confirmed, to show once; else
     *     empty
     */
    record Success(AuthenticatedUser user, NewSession session, List<String> recoveryCodes)
        implements LoginResult {

      Success(AuthenticatedUser user, NewSession session) {
        this(user, session, List.of());
      }

      @Override
      public String toString() {
        return "Success[user=" + user.id() + ", sid=" + session.sid() + "]";
      }
    }

    /**
     * The password was right and the user is enrolled: the code page, naming this pending step. No
     * session exists yet.
     */
    record SecondFactor(String challenge) implements LoginResult {
      @Override
      public String toString() {
        return "SecondFactor[******]";
      }
    }

    /**
     * The password was right, a role of the user requires MFA and none is enrolled: the enrollment
     * page; its first code creates the session.
     */
    record Enroll(MfaService.PendingEnrollment pending) implements LoginResult {}

    /**
     * JSON login without an {@code otp} (or a wrong one) for an enrolled user: 401 {@code
     * mfa_required}.
     */
    record MfaRequired() implements LoginResult {}

    /** JSON login of a user who must enroll first, which needs the browser: 401. */
    record EnrollmentRequired() implements LoginResult {}

    /** The pending second step is over (too many wrong codes, expired): start again. */
    record ChallengeEnded() implements LoginResult {}

    /** A wrong code for a pending second step that goes on. */
    record WrongCode(String challenge) implements LoginResult {
      @Override
      public String toString() {
        return "WrongCode[******]";
      }
    }

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
    try {
      return checked(attempt);
    } catch (DataAccessResourceFailureException
        | TransientDataAccessException
        | RecoverableDataAccessException
        | CannotCreateTransactionException outage) {
      // The database failed, not the user: the attempt tryAcquire counted is taken back, else an
      // outage would lock out everyone who keeps trying (answered 503 by ApiExceptionHandler).
      // Only outages: any other exception after the password check could serve as an oracle.
      throttle.abandoned(attempt.username(), attempt.clientIp());
      throw outage;
    }
  }

  /** The attempt the throttle let through: password, then the second factor when one is due. */
  private LoginResult checked(LoginAttempt attempt) {
    Optional<AuthenticatedUser> user =
        authenticator.authenticate(attempt.username(), attempt.password());
    if (user.isEmpty()) {
      log.info("Login rejected from {}", attempt.clientIp());
      return new LoginResult.Rejected();
    }
    AuthenticatedUser authenticated = user.get();
    if (authenticated.mustChangePassword()) {
      // A temporary password opens only the change page (no session); the new password then logs
      // in like any other, second factor included.
      LoginResult change =
          new LoginResult.PasswordChangeRequired(
              authenticated, passwordChange.linkFor(authenticated).url());
      throttle.succeeded(attempt.username(), attempt.clientIp());
      return change;
    }
    MfaService.Requirement requirement = mfa.requirement(authenticated.id());
    if (requirement == MfaService.Requirement.NONE) {
      // Settled only once the session exists: an outage while writing it is no failure either.
      LoginResult started =
          start(authenticated, attempt.presented(), Assurance.PASSWORD_ONLY, List.of(), null);
      throttle.succeeded(attempt.username(), attempt.clientIp());
      return started;
    }
    // With a second factor due, the password's attempt stays counted as a failure until the code
    // passes: a stolen password alone cannot reset the throttle to try codes without limit.
    if (requirement == MfaService.Requirement.ENROLL) {
      log.info("Login user={} must enroll MFA first", authenticated.id());
      return attempt.json()
          ? new LoginResult.EnrollmentRequired()
          : new LoginResult.Enroll(
              mfa.startEnrollment(authenticated.id(), authenticated.username(), true));
    }
    if (!attempt.json()) {
      return new LoginResult.SecondFactor(mfa.startLogin(authenticated.id()));
    }
    if (attempt.otp() == null || attempt.otp().isBlank()) {
      return new LoginResult.MfaRequired();
    }
    MfaService.Check check = mfa.verify(authenticated.id(), attempt.otp(), attempt.clientIp());
    if (check instanceof MfaService.Check.Throttled throttled) {
      return new LoginResult.Throttled(throttled.retryAfter());
    }
    if (!(check instanceof MfaService.Check.Passed)) {
      return new LoginResult.MfaRequired();
    }
    // The code's attempt was taken back by the check; this takes back the password's.
    LoginResult started =
        start(authenticated, attempt.presented(), Assurance.PASSWORD_AND_OTP, List.of(), null);
    throttle.succeeded(attempt.username(), attempt.clientIp());
    return started;
  }

  /**
   * The second step of a form login: the code (or the first code of an enrollment) for the pending
   * {@code challenge}. The session is created only now.
   */
  LoginResult completeSecondStep(String challenge, String code, Presented presented) {
    return metrics.counted(secondStep(challenge, code, presented));
  }

  private LoginResult secondStep(String challenge, String code, Presented presented) {
    Assert.notNull(challenge, "challenge cannot be null");
    Assert.notNull(code, "code cannot be null");
    MfaService.Check check = mfa.completeLogin(challenge, code, presented.clientIp());
    if (check instanceof MfaService.Check.Throttled throttled) {
      return new LoginResult.Throttled(throttled.retryAfter());
    }
    if (check instanceof MfaService.Check.Rejected rejected) {
      return rejected.challengeEnded()
          ? new LoginResult.ChallengeEnded()
          : new LoginResult.WrongCode(challenge);
    }
    MfaService.Check.Passed passed = (MfaService.Check.Passed) check;
    AuthenticatedUser authenticated = new AuthenticatedUser(passed.userId(), passed.username());
    Optional<ProviderLogin> provider = pendingProviderLogins.take(challenge);
    if (provider.isPresent()) {
      // The second step of a provider login: the provider's methods plus Gatehouse's code.
      List<String> amr = new ArrayList<>(provider.get().amr());
      if (!amr.contains(Assurance.OTP)) {
        amr.add(Assurance.OTP);
      }
      return start(authenticated, presented, amr, passed.recoveryCodes(), provider.get().idp());
    }
    // The code's attempt was taken back by the check; this takes back the password's.
    throttle.succeeded(passed.username(), presented.clientIp());
    return start(
        authenticated, presented, Assurance.PASSWORD_AND_OTP, passed.recoveryCodes(), null);
  }

  /**
   * A login through an OpenID provider whose ID token Spring Security validated and whose account
   * {@code OidcAccounts} resolved: a session at once when the provider's methods count as a second
   * factor or none is due, else Gatehouse's own second step (code page, or enrollment) first, which
   * remembers the provider login until its code passes. The password throttle is not involved: no
   * password was checked here.
   *
   * @param multiFactor whether the provider's {@code amr} counts as multi-factor
   */
  LoginResult federatedLogin(
      AuthenticatedUser user, ProviderLogin login, boolean multiFactor, Presented presented) {
    Assert.notNull(user, "user cannot be null");
    Assert.notNull(login, "login cannot be null");
    MfaService.Requirement requirement =
        multiFactor ? MfaService.Requirement.NONE : mfa.requirement(user.id());
    LoginResult result;
    if (requirement == MfaService.Requirement.NONE) {
      result = start(user, presented, login.amr(), List.of(), login.idp());
    } else if (requirement == MfaService.Requirement.ENROLL) {
      MfaService.PendingEnrollment pending = mfa.startEnrollment(user.id(), user.username(), true);
      pendingProviderLogins.remember(pending.challenge(), login, PENDING_PROVIDER_LOGIN);
      result = new LoginResult.Enroll(pending);
    } else {
      String challenge = mfa.startLogin(user.id());
      pendingProviderLogins.remember(challenge, login, PENDING_PROVIDER_LOGIN);
      result = new LoginResult.SecondFactor(challenge);
    }
    return metrics.countedProvider(result);
  }

  private LoginResult start(
      AuthenticatedUser authenticated,
      Presented presented,
      List<String> amr,
      List<String> recoveryCodes,
      @Nullable IdpSession idp) {
    presented
        .token()
        .flatMap(sessions::find)
        .ifPresent(old -> revokeReplaced(old.sid(), authenticated));
    // Idempotent: when the cookie named the same session, this finds it revoked already.
    presented.sid().get().ifPresent(sid -> revokeReplaced(sid, authenticated));
    NewSession session =
        sessions.create(authenticated.id(), presented.clientIp(), presented.userAgent(), amr, idp);
    log.info(
        "Login user={} sid={} amr={} from {}",
        authenticated.id(),
        session.sid(),
        amr,
        presented.clientIp());
    return new LoginResult.Success(authenticated, session, recoveryCodes);
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
   * @param otp the JSON login's optional one-time code (TOTP or recovery code)
   * @param json whether the caller is a script (JSON) rather than the HTML form: a script gets
   *     {@code mfa_required} instead of a code page
   */
  record LoginAttempt(
      String username, String password, @Nullable String otp, boolean json, Presented presented) {

    LoginAttempt(
        String username,
        String password,
        Optional<SessionToken> presentedToken,
        Supplier<Optional<UUID>> presentedSid,
        @Nullable String clientIp,
        @Nullable String userAgent) {
      this(
          username,
          password,
          null,
          false,
          new Presented(presentedToken, presentedSid, clientIp, userAgent));
    }

    @Nullable String clientIp() {
      return presented.clientIp();
    }

    @Override
    public String toString() {
      return "LoginAttempt[clientIp=" + presented.clientIp() + "]";
    }
  }

  /**
   * What the browser brought along to a login request.
   *
   * @param token the session token the browser still sent, if any
   * @param sid the session named by a verified gateway JWT the request carried, if any; asked only
   *     once the password (or code) was verified, so a flood of failing logins costs no signature
   *     check
   */
  record Presented(
      Optional<SessionToken> token,
      Supplier<Optional<UUID>> sid,
      @Nullable String clientIp,
      @Nullable String userAgent) {}
}
