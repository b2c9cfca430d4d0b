package dev.gatehouse.auth.admin;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.mfa.MfaService;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.system.Confirmation;
import dev.gatehouse.auth.system.Confirmation.Detail;
import dev.gatehouse.auth.system.Pages;
import dev.gatehouse.auth.user.UserAccount;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Size;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.Assert;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * An operator removes a user's TOTP authenticator and recovery codes (a lost phone): {@code POST
 * /admin/users/{username}/mfa/reset} for scripts (same body rules as the other admin POSTs), and
 * the operator page's confirmation and CSRF-guarded form. Audited ({@code mfa-reset}) in the same
 * transaction. The user's sessions stay; one whose role requires MFA enrolls again at next login.
 */
@Controller
final class MfaResetController {

  private static final String HOME = "/admin";

  private final OperatorService operator;
  private final MfaService mfa;

  MfaResetController(OperatorService operator, MfaService mfa) {
    Assert.notNull(operator, "operator cannot be null");
    Assert.notNull(mfa, "mfa cannot be null");
    this.operator = operator;
    this.mfa = mfa;
  }

  @PostMapping("/admin/users/{username}/mfa/reset")
  @ResponseBody
  MfaReset resetApi(
      @PathVariable @Size(max = 64) String username,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller,
      HttpServletRequest request)
      throws HttpMediaTypeNotSupportedException {
    AdminApiController.refuseFormContent(request);
    UserAccount account =
        operator
            .user(username)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "No user with this username."));
    boolean wasEnrolled = mfa.reset(account.id(), actor(caller), reasonOrDefault(reason));
    return new MfaReset(account.username(), wasEnrolled);
  }

  @GetMapping("/admin/ui/users/{username}/mfa-reset")
  ModelAndView confirm(@PathVariable String username, Caller caller, CsrfToken csrf, Model model) {
    Optional<UserAccount> found = operator.user(username);
    if (found.isEmpty()) {
      return Pages.seeOther(HOME, null, "user-not-found", null);
    }
    UserAccount account = found.get();
    MfaService.Status status = mfa.status(account.id());
    String encoded = URLEncoder.encode(account.username(), StandardCharsets.UTF_8);
    return Pages.confirm(
        model,
        caller,
        csrf,
        new Confirmation(
            "Operator",
            HOME,
            "Reset two-factor sign-in of " + account.username() + "?",
            List.of(
                new Detail("User", account.username()),
                new Detail("Two-factor sign-in", status.enrolled() ? "On" : "Off"),
                new Detail("Recovery codes left", Integer.toString(status.recoveryCodesLeft()))),
            "Removes the authenticator and every recovery code. Do this only after checking who"
                + " asks: the user signs in with the password alone (or sets up a new"
                + " authenticator, if their role requires one).",
            "/admin/ui/users/" + encoded.replace("+", "%20") + "/mfa-reset",
            "Reset two-factor sign-in",
            true,
            HOME + "?user=" + encoded));
  }

  @PostMapping("/admin/ui/users/{username}/mfa-reset")
  ModelAndView reset(
      @PathVariable String username,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller) {
    Optional<UserAccount> found = operator.user(username);
    if (found.isEmpty()) {
      return Pages.seeOther(HOME, null, "user-not-found", null);
    }
    boolean wasEnrolled = mfa.reset(found.get().id(), actor(caller), reasonOrDefault(reason));
    return Pages.seeOther(HOME, username, wasEnrolled ? "mfa-reset" : "mfa-not-enrolled", null);
  }

  private static String reasonOrDefault(@Nullable String reason) {
    return OperatorReasons.orDefault(reason, "admin");
  }

  private static Actor actor(Caller caller) {
    return new Actor(caller.userId().toString(), caller.username());
  }

  /**
   * The answer of the reset API.
   *
   * @param wasEnrolled whether the user had an authenticator to remove
   */
  record MfaReset(String username, boolean wasEnrolled) {}
}
