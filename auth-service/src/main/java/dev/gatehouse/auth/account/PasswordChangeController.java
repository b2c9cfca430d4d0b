package dev.gatehouse.auth.account;

import dev.gatehouse.auth.account.PasswordChangeService.Outcome;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.system.Pages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.ModelAndView;

/**
 * Changing one's own password: the page {@code /account/password} (its form posts to {@code
 * /account/ui/password} with a CSRF token, like every account form) and the API {@code PUT
 * /account/password} (JSON; {@code PUT} is what no HTML form can send). Errors: 400 with problem
 * member {@code error} ({@code current_password_invalid} or the policy's code), 429 {@code
 * too_many_attempts} with {@code Retry-After}.
 */
@Controller
final class PasswordChangeController {

  static final String WRONG_PASSWORD = "The current password is not correct.";
  static final String MISMATCH = "The two new passwords differ. Type the same password twice.";
  static final String MISSING = "Enter your current password and the new one twice.";
  private static final String VIEW = "password";

  private final PasswordChangeService passwords;

  PasswordChangeController(PasswordChangeService passwords) {
    Assert.notNull(passwords, "passwords cannot be null");
    this.passwords = passwords;
  }

  @GetMapping("/account/password")
  ModelAndView form(Caller caller, CsrfToken csrf, Model model, HttpServletResponse response) {
    noStore(response);
    return page(model, caller, csrf, HttpStatus.OK, null, null);
  }

  @PostMapping(
      path = "/account/ui/password",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
  ModelAndView submit(
      @RequestParam(required = false) @Nullable String currentPassword,
      @RequestParam(required = false) @Nullable String newPassword,
      @RequestParam(required = false) @Nullable String confirm,
      Caller caller,
      CsrfToken csrf,
      Model model,
      HttpServletRequest request,
      HttpServletResponse response) {
    noStore(response);
    if (empty(currentPassword) || empty(newPassword) || empty(confirm)) {
      return page(model, caller, csrf, HttpStatus.BAD_REQUEST, MISSING, null);
    }
    if (!newPassword.equals(confirm)) {
      return page(model, caller, csrf, HttpStatus.BAD_REQUEST, MISMATCH, null);
    }
    Outcome outcome =
        passwords.change(caller, currentPassword, newPassword, request.getRemoteAddr());
    if (outcome instanceof Outcome.Changed changed) {
      return page(model, caller, csrf, HttpStatus.OK, null, changed.endedSessions());
    }
    if (outcome instanceof Outcome.Refused refused) {
      return page(model, caller, csrf, HttpStatus.BAD_REQUEST, refused.violation().message(), null);
    }
    if (outcome instanceof Outcome.Throttled throttled) {
      response.setHeader(
          HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfter().toSeconds()));
      return page(model, caller, csrf, HttpStatus.TOO_MANY_REQUESTS, tooMany(throttled), null);
    }
    return page(model, caller, csrf, HttpStatus.BAD_REQUEST, WRONG_PASSWORD, null);
  }

  @PutMapping(path = "/account/password", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseBody
  ResponseEntity<?> change(
      @RequestBody PasswordChange body, Caller caller, HttpServletRequest request) {
    if (empty(body.currentPassword()) || empty(body.newPassword())) {
      return problem(
          HttpStatus.BAD_REQUEST,
          "invalid_request",
          "currentPassword and newPassword are required.");
    }
    Outcome outcome =
        passwords.change(
            caller, body.currentPassword(), body.newPassword(), request.getRemoteAddr());
    if (outcome instanceof Outcome.Changed changed) {
      return ResponseEntity.ok()
          .cacheControl(CacheControl.noStore())
          .body(new Changed(changed.endedSessions()));
    }
    if (outcome instanceof Outcome.Refused refused) {
      return problem(
          HttpStatus.BAD_REQUEST, refused.violation().error(), refused.violation().message());
    }
    if (outcome instanceof Outcome.Throttled throttled) {
      return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
          .cacheControl(CacheControl.noStore())
          .header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfter().toSeconds()))
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(
              withError(
                  ProblemDetail.forStatusAndDetail(
                      HttpStatus.TOO_MANY_REQUESTS, tooMany(throttled)),
                  "too_many_attempts"));
    }
    return problem(HttpStatus.BAD_REQUEST, "current_password_invalid", WRONG_PASSWORD);
  }

  private static ModelAndView page(
      Model model,
      Caller caller,
      CsrfToken csrf,
      HttpStatus status,
      @Nullable String error,
      @Nullable Integer ended) {
    // Read before any of the page is written, so the CSRF cookie can still be set.
    csrf.getToken();
    Pages.frame(model, caller);
    model.addAttribute("error", error);
    model.addAttribute("changed", ended != null);
    model.addAttribute("ended", Pages.sessions(ended));
    return new ModelAndView(VIEW, model.asMap(), status);
  }

  private static String tooMany(Outcome.Throttled throttled) {
    long seconds = throttled.retryAfter().toSeconds();
    return "Too many attempts. Try again in " + seconds + (seconds == 1 ? " second." : " seconds.");
  }

  private static boolean empty(@Nullable String value) {
    return value == null || value.isEmpty();
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String error, String detail) {
    return ResponseEntity.status(status)
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(withError(ProblemDetail.forStatusAndDetail(status, detail), error));
  }

  private static ProblemDetail withError(ProblemDetail problem, String error) {
    problem.setProperty("error", error);
    return problem;
  }

  private static void noStore(HttpServletResponse response) {
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
  }

  /** The API's body; {@code toString} prints no password. */
  record PasswordChange(@Nullable String currentPassword, @Nullable String newPassword) {

    @Override
    public String toString() {
      return "PasswordChange[]";
    }
  }

  /**
   * The API's answer.
   *
   * @param endedSessions how many other sessions ended
   */
  record Changed(int endedSessions) {}
}
