package dev.gatehouse.auth.login;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatehouse.auth.login.LoginService.LoginAttempt;
import dev.gatehouse.auth.login.LoginService.LoginResult;
import dev.gatehouse.auth.session.SessionCookies;
import dev.gatehouse.auth.system.AccessLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
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
  private static final String VIEW = "login";

  private final LoginService logins;
  private final SessionCookies cookies;
  private final PresentedSession presented;

  LoginController(LoginService logins, SessionCookies cookies, PresentedSession presented) {
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
    if (!StringUtils.hasText(username) || !StringUtils.hasText(password)) {
      return page(HttpStatus.BAD_REQUEST, target, username, MISSING_CREDENTIALS);
    }
    LoginResult result = logins.login(attempt(username, password, request));
    if (result instanceof LoginResult.Success success) {
      identify(request, success);
      response.addHeader(HttpHeaders.SET_COOKIE, cookies.issue(success.session().token()));
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
    return page(HttpStatus.UNAUTHORIZED, target, username, INVALID_CREDENTIALS);
  }

  @PostMapping(path = "/login", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<?> jsonLogin(@RequestBody LoginRequest body, HttpServletRequest request) {
    if (!StringUtils.hasText(body.username()) || !StringUtils.hasText(body.password())) {
      return problem(HttpStatus.BAD_REQUEST, "username and password are required.");
    }
    LoginResult result = logins.login(attempt(body.username(), body.password(), request));
    if (result instanceof LoginResult.Success success) {
      identify(request, success);
      return ResponseEntity.ok()
          .cacheControl(CacheControl.noStore())
          .header(HttpHeaders.SET_COOKIE, cookies.issue(success.session().token()))
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

  private LoginAttempt attempt(String username, String password, HttpServletRequest request) {
    return new LoginAttempt(
        username,
        password,
        cookies.read(request),
        () -> presented.sid(request),
        request.getRemoteAddr(),
        request.getHeader(HttpHeaders.USER_AGENT));
  }

  private static ModelAndView page(
      HttpStatus status, String next, @Nullable String username, @Nullable String error) {
    ModelAndView page = new ModelAndView(VIEW, status);
    page.addObject("next", next);
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

  /** JSON login body; missing fields are a 400, not a binding failure. */
  record LoginRequest(@Nullable String username, @Nullable String password) {

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
}
