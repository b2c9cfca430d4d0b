package dev.gatehouse.auth.mfa;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * The second-factor pages ({@code mfa.html}) for the login's second step and the account area's
 * step-up and enrollment: one template, three modes.
 */
public final class MfaPages {

  private static final String VIEW = "mfa";
  private static final String LOGIN_ACTION = "/login/mfa";

  private MfaPages() {}

  /** The login's code page for the pending step {@code challenge}. */
  public static ModelAndView code(
      HttpStatus status, String challenge, String next, @Nullable String error) {
    ModelAndView page = page(status, "code", "Enter your one-time code", next, error);
    page.addObject("action", LOGIN_ACTION);
    page.addObject("challenge", challenge);
    page.addObject("cancel", "/login");
    return page;
  }

  /** The login's enrollment page: a role of the user requires MFA. */
  public static ModelAndView enroll(
      HttpStatus status,
      MfaService.PendingEnrollment pending,
      String next,
      @Nullable String error) {
    ModelAndView page = page(status, "enroll", "Set up two-factor sign-in", next, error);
    page.addObject("action", LOGIN_ACTION);
    page.addObject("challenge", pending.challenge());
    page.addObject("pending", pending);
    page.addObject("cancel", "/login");
    return page;
  }

  /** The recovery codes of an enrollment just confirmed, once, with a link on to {@code next}. */
  public static ModelAndView recoveryCodes(List<String> codes, String next) {
    ModelAndView page = page(HttpStatus.OK, "recovery", "Save your recovery codes", next, null);
    page.addObject("recoveryCodes", codes);
    return page;
  }

  public static ModelAndView page(
      HttpStatus status, String mode, String heading, String next, @Nullable String error) {
    ModelAndView page = new ModelAndView(VIEW, status);
    page.addObject("mode", mode);
    page.addObject("heading", heading);
    page.addObject("next", next);
    if (error != null) {
      page.addObject("error", error);
    }
    return page;
  }
}
