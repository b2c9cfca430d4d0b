package dev.gatehouse.auth.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatehouse.auth.binding.SessionBindingOffer;
import dev.gatehouse.auth.login.LoginService.LoginAttempt;
import dev.gatehouse.auth.login.LoginService.LoginResult;
import dev.gatehouse.auth.mfa.MfaPages;
import dev.gatehouse.auth.mfa.MfaService;
import dev.gatehouse.auth.session.SessionCookies;
import dev.gatehouse.auth.system.AccessLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;

/**
 * {@code /login}: the HTML form, form login (303 to {@code next}) and JSON login (200 with the
 * session id). Both set the session cookie; the token itself never appears in a body. Bad
 * credentials answer 401 with one generic message, whatever went wrong; too many failures answer
 * 429 with {@code Retry-After} (RFC 9110 §10.2.3) and one generic message, before any password is
 * checked.
 */
@Controller
final class LoginController {

  static final String INVALID_CREDENTIALS = "Invalid username or password.";
  static final String MISSING_CREDENTIALS = "Enter your username and password.";
  static final String PASSWORD_CHANGE_REQUIRED =
      "The password is temporary: choose your own at changeUrl, then log in with it.";
  static final String MISSING_CODE = "Enter the code from your authenticator app.";
  static final String WRONG_CODE = "That code is not right. Enter the current code.";
  static final String SECOND_STEP_ENDED = "Your sign-in expired or had too many wrong codes.";
  static final String PASSWORD_DISABLED =
      "Sign-in with a password is turned off here: use your identity provider.";
  private static final String VIEW = "login";

  private final LoginService logins;
  private final SessionCookies cookies;
  private final PresentedSession presented;
  private final MfaService mfa;
  private final LoginProviders providers;
  private final LoginProperties properties;
  private final SessionBindingOffer bindingOffer;

  LoginController(
      LoginService logins,
      SessionCookies cookies,
      PresentedSession presented,
      MfaService mfa,
      LoginProviders providers,
      LoginProperties properties,
      SessionBindingOffer bindingOffer) {
    Assert.notNull(bindingOffer, "bindingOffer cannot be null");
    this.bindingOffer = bindingOffer;
    Assert.notNull(mfa, "mfa cannot be null");
    Assert.notNull(providers, "providers cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    this.providers = providers;
    this.properties = properties;
    this.mfa = mfa;
    Assert.notNull(logins, "logins cannot be null");
    Assert.notNull(cookies, "cookies cannot be null");
    Assert.notNull(presented, "presented cannot be null");
    this.logins = logins;
    this.cookies = cookies;
    this.presented = presented;
  }

  @GetMapping("/login")
  ModelAndView form(
      @RequestParam(required = false) @Nullable String next, HttpServletResponse response) {
    noStore(response);
    return page(HttpStatus.OK, SafeRedirect.sanitize(next), null, null);
  }

  @PostMapping(path = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ModelAndView formLogin(
      @RequestParam(required = false) @Nullable String username,
      @RequestParam(required = false) @Nullable String password,
      @RequestParam(required = false) @Nullable String next,
      HttpServletRequest request,
      HttpServletResponse response) {
    noStore(response);
    String target = SafeRedirect.sanitize(next);
    if (!properties.passwordEnabled()) {
      return page(HttpStatus.FORBIDDEN, target, null, PASSWORD_DISABLED);
    }
    if (!StringUtils.hasText(username) || !StringUtils.hasText(password)) {
      return page(HttpStatus.BAD_REQUEST, target, username, MISSING_CREDENTIALS);
    }
    LoginResult result = logins.login(attempt(username, password, null, false, request));
    return formAnswer(result, target, username, request, response);
  }

  /**
   * The second step of a form login: the code for the pending step named by {@code challenge} (from
   * the code page or the enrollment page). Only now is the session created.
   */
  @PostMapping(path = "/login/mfa", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ModelAndView secondStep(
      @RequestParam(required = false) @Nullable String challenge,
      @RequestParam(required = false) @Nullable String code,
      @RequestParam(required = false) @Nullable String next,
      HttpServletRequest request,
      HttpServletResponse response) {
    noStore(response);
    String target = SafeRedirect.sanitize(next);
    if (!StringUtils.hasText(challenge) || challenge.length() > 64) {
      return page(HttpStatus.BAD_REQUEST, target, null, SECOND_STEP_ENDED);
    }
    if (!StringUtils.hasText(code) || code.length() > 32) {
      return secondStepPage(HttpStatus.BAD_REQUEST, challenge, target, MISSING_CODE);
    }
    LoginResult result = logins.completeSecondStep(challenge, code, presented(request));
    return formAnswer(result, target, null, request, response);
  }

  private ModelAndView formAnswer(
      LoginResult result,
      String target,
      @Nullable String username,
      HttpServletRequest request,
      HttpServletResponse response) {
    if (result instanceof LoginResult.Success success) {
      identify(request, success);
      response.addHeader(HttpHeaders.SET_COOKIE, cookies.issue(success.session().token()));
      offerBinding(success, response);
      if (!success.recoveryCodes().isEmpty()) {
        return MfaPages.recoveryCodes(success.recoveryCodes(), target);
      }
      return new ModelAndView(new SeeOther(target));
    }
    if (result instanceof LoginResult.PasswordChangeRequired change) {
      // No session: the temporary password only opens the page where the user picks their own.
      return new ModelAndView(new SeeOther(change.changeUrl()));
    }
    if (result instanceof LoginResult.Throttled throttled) {
      long seconds = throttled.retryAfter().toSeconds();
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      return page(HttpStatus.TOO_MANY_REQUESTS, target, username, tooManyAttempts(seconds));
    }
    if (result instanceof LoginResult.SecondFactor second) {
      return MfaPages.code(HttpStatus.OK, second.challenge(), target, null);
    }
    if (result instanceof LoginResult.Enroll enroll) {
      return MfaPages.enroll(HttpStatus.OK, enroll.pending(), target, null);
    }
    if (result instanceof LoginResult.WrongCode wrong) {
      return secondStepPage(HttpStatus.UNAUTHORIZED, wrong.challenge(), target, WRONG_CODE);
    }
    if (result instanceof LoginResult.ChallengeEnded) {
      return page(HttpStatus.UNAUTHORIZED, target, null, SECOND_STEP_ENDED);
    }
    return page(HttpStatus.UNAUTHORIZED, target, username, INVALID_CREDENTIALS);
  }

  /** The code page again, or the enrollment page when the pending step is an enrollment. */
  private ModelAndView secondStepPage(
      HttpStatus status, String challenge, String target, String error) {
    return mfa.pendingEnrollment(challenge)
        .map(pending -> MfaPages.enroll(status, pending, target, error))
        .orElseGet(() -> MfaPages.code(status, challenge, target, error));
  }

  @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<?> jsonLogin(@RequestBody LoginRequest body, HttpServletRequest request) {
    if (!properties.passwordEnabled()) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, PASSWORD_DISABLED);
      problem.setProperty("error", "password_login_disabled");
      return ResponseEntity.status(HttpStatus.FORBIDDEN)
          .cacheControl(CacheControl.noStore())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(problem);
    }
    if (!StringUtils.hasText(body.username()) || !StringUtils.hasText(body.password())) {
      return problem(HttpStatus.BAD_REQUEST, "username and password are required.");
    }
    LoginResult result =
        logins.login(attempt(body.username(), body.password(), body.otp(), true, request));
    if (result instanceof LoginResult.MfaRequired) {
      return mfaProblem(
          "mfa_required",
          "A one-time code is required: send it as \"otp\" (a TOTP code or a recovery code).");
    }
    if (result instanceof LoginResult.EnrollmentRequired) {
      return mfaProblem(
          "mfa_enrollment_required",
          "This account must set up a second factor first: log in once in a browser.");
    }
    if (result instanceof LoginResult.Success success) {
      identify(request, success);
      return ResponseEntity.ok()
          .cacheControl(CacheControl.noStore())
          .header(HttpHeaders.SET_COOKIE, cookies.issue(success.session().token()))
          .headers(headers -> offerBinding(success, headers))
          .body(
              new LoginResponse(
                  success.session().sid().toString(),
                  success.user().username(),
                  success.session().expiresAt()));
    }
    if (result instanceof LoginResult.PasswordChangeRequired change) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, PASSWORD_CHANGE_REQUIRED);
      problem.setProperty("error", "password_change_required");
      problem.setProperty("changeUrl", change.changeUrl());
      return ResponseEntity.status(HttpStatus.FORBIDDEN)
          .cacheControl(CacheControl.noStore())
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(problem);
    }
    if (result instanceof LoginResult.Throttled throttled) {
      long seconds = throttled.retryAfter().toSeconds();
      return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
          .cacheControl(CacheControl.noStore())
          .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(
              ProblemDetail.forStatusAndDetail(
                  HttpStatus.TOO_MANY_REQUESTS, tooManyAttempts(seconds)));
    }
    return problem(HttpStatus.UNAUTHORIZED, INVALID_CREDENTIALS);
  }

  /** The one message of a throttled login, whichever limit was hit and whoever asked. */
  static String tooManyAttempts(long seconds) {
    return "Too many attempts. Try again in "
        + seconds
        + ((seconds == 1) ? " second." : " seconds.");
  }

  private LoginAttempt attempt(
      String username,
      String password,
      @Nullable String otp,
      boolean json,
      HttpServletRequest request) {
    return new LoginAttempt(username, password, otp, json, presented(request));
  }

  private LoginService.Presented presented(HttpServletRequest request) {
    return new LoginService.Presented(
        cookies.read(request),
        () -> presented.sid(request),
        request.getRemoteAddr(),
        request.getHeader(HttpHeaders.USER_AGENT));
  }

  /** 401 with a stable {@code error} member, for scripts (documented in the README). */
  private static ResponseEntity<ProblemDetail> mfaProblem(String error, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
    problem.setProperty("error", error);
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private ModelAndView page(
      HttpStatus status, String next, @Nullable String username, @Nullable String error) {
    return page(status, next, username, error, providers.all(), properties.passwordEnabled());
  }

  /** The sign-in page: the password form (when enabled) and a button per OpenID provider. */
  static ModelAndView page(
      HttpStatus status,
      String next,
      @Nullable String username,
      @Nullable String error,
      List<LoginProviders.Provider> providers,
      boolean passwordEnabled) {
    ModelAndView page = new ModelAndView(VIEW, status);
    page.addObject("next", next);
    page.addObject("providers", providers);
    page.addObject("passwordEnabled", passwordEnabled);
    page.addObject("username", (username != null) ? username : "");
    if (error != null) {
      page.addObject("error", error);
    }
    return page;
  }

  private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status)
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ProblemDetail.forStatusAndDetail(status, detail));
  }

  private static void identify(HttpServletRequest request, LoginResult.Success success) {
    AccessLog.identify(request, success.session().sid(), success.user().id().toString());
  }

  private static void noStore(HttpServletResponse response) {
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
  }

  /**
   * JSON login body; missing fields are a 400, not a binding failure.
   *
   * @param otp a TOTP or recovery code, needed when the user has MFA
   */
  record LoginRequest(@Nullable String username, @Nullable String password, @Nullable String otp) {

    @Override
    public String toString() {
      return "LoginRequest[username=" + username + "]";
    }
  }

  /**
   * JSON login answer. The token is only in {@code Set-Cookie}.
   *
   * @param sid the new session's public id
   * @param username the login name
   * @param expiresAt absolute expiry, ISO-8601
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record LoginResponse(String sid, String username, Instant expiresAt) {}

  /**
   * 303 See Other to a path already checked by {@link SafeRedirect}, written as is: Spring's {@code
   * RedirectView} would expand URI templates and append model attributes to it.
   */
  private record SeeOther(String location) implements View {

    @Override
    public void render(
        @Nullable Map<String, ?> model, HttpServletRequest request, HttpServletResponse response) {
      response.setStatus(HttpStatus.SEE_OTHER.value());
      response.setHeader(HttpHeaders.LOCATION, location);
    }
  }

  /** DBSC: every response that sets a new session cookie offers to bind it. */
  private void offerBinding(LoginResult.Success success, HttpServletResponse response) {
    bindingOffer
        .registrationHeader(success.session().sid())
        .ifPresent(value -> response.addHeader(SessionBindingOffer.headerName(), value));
  }

  private void offerBinding(LoginResult.Success success, HttpHeaders headers) {
    bindingOffer
        .registrationHeader(success.session().sid())
        .ifPresent(value -> headers.add(SessionBindingOffer.headerName(), value));
  }
}
