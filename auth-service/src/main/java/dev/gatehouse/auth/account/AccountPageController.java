package dev.gatehouse.auth.account;

import dev.gatehouse.auth.binding.SessionBindingOffer;
import dev.gatehouse.auth.mfa.MfaService;
import dev.gatehouse.auth.session.SessionInfo;
import dev.gatehouse.auth.session.SessionPage;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.system.Confirmation;
import dev.gatehouse.auth.system.Confirmation.Detail;
import dev.gatehouse.auth.system.DisplayTime;
import dev.gatehouse.auth.system.Pages;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code GET /account}: the caller's own sessions, server-rendered, without JavaScript. "End" on
 * another device's session and "Log out other devices" lead to a confirmation page whose form POSTs
 * (with a CSRF token) to {@code /account/ui/...}; the POST answers 303 back to {@code /account}.
 * The current session is ended with the ordinary "Log out".
 */
@Controller
final class AccountPageController {

  static final int PAGE_SIZE = 50;
  private static final String AREA = "Your account";
  private static final String HOME = "/account";

  private final AccountService account;
  private final MfaService mfa;
  private final SessionBindingOffer bindingOffer;

  AccountPageController(AccountService account, MfaService mfa, SessionBindingOffer bindingOffer) {
    Assert.notNull(account, "account cannot be null");
    Assert.notNull(mfa, "mfa cannot be null");
    Assert.notNull(bindingOffer, "bindingOffer cannot be null");
    this.account = account;
    this.mfa = mfa;
    this.bindingOffer = bindingOffer;
  }

  @GetMapping("/account")
  ModelAndView page(
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(required = false) @Nullable String notice,
      @RequestParam(required = false) @Nullable Integer n,
      Caller caller,
      Model model,
      HttpServletResponse response) {
    // DBSC: a session still unbound (its login's offer was missed or failed) is offered again.
    bindingOffer
        .registrationHeaderIfUnbound(caller.sid())
        .ifPresent(value -> response.addHeader(SessionBindingOffer.headerName(), value));
    int pageNumber = Math.max(0, page);
    SessionPage sessions = account.sessions(caller, pageNumber, PAGE_SIZE);
    Pages.frame(model, caller);
    model.addAttribute("currentSid", caller.sid());
    model.addAttribute("sessions", sessions.items());
    Pages.paging(model, pageNumber, PAGE_SIZE, sessions.total());
    model.addAttribute("notice", notice(notice, n));
    model.addAttribute("mfa", mfa.status(caller.userId()));
    return new ModelAndView("account", model.asMap());
  }

  @GetMapping("/account/ui/sessions/{sid}/end")
  ModelAndView confirmEndSession(
      @PathVariable UUID sid, Caller caller, CsrfToken csrf, Model model) {
    Optional<SessionInfo> found = account.ownActiveSession(caller, sid);
    if (found.isEmpty()) {
      return seeOther("session-not-found", null);
    }
    SessionInfo session = found.get();
    boolean current = session.sid().equals(caller.sid());
    return Pages.confirm(
        model,
        caller,
        csrf,
        new Confirmation(
            AREA,
            HOME,
            current ? "End this session (the one you are using)?" : "End this session?",
            List.of(
                new Detail("Signed in", DisplayTime.INSTANCE.format(session.createdAt())),
                new Detail("Last seen", DisplayTime.INSTANCE.format(session.lastSeenAt())),
                new Detail("IP address", Pages.orUnknown(session.ip())),
                new Detail("Device", Pages.orUnknown(session.userAgent()))),
            current
                ? "You will be signed out here and have to log in again."
                : "That device is signed out within about a second and has to log in again.",
            "/account/ui/sessions/" + sid + "/end",
            "End session",
            false,
            HOME));
  }

  @PostMapping("/account/ui/sessions/{sid}/end")
  ModelAndView endSession(@PathVariable UUID sid, Caller caller) {
    return account.endSession(caller, sid)
        ? seeOther("session-ended", null)
        : seeOther("session-not-found", null);
  }

  @GetMapping("/account/ui/other-sessions/end")
  ModelAndView confirmEndOtherSessions(Caller caller, CsrfToken csrf, Model model) {
    long others = Math.max(0, account.sessions(caller, 0, 1).total() - 1);
    return Pages.confirm(
        model,
        caller,
        csrf,
        new Confirmation(
            AREA,
            HOME,
            "Log out your other devices?",
            List.of(new Detail("Other active sessions", Long.toString(others))),
            "Every session except this one ends within about a second; those devices have to"
                + " log in again. You stay signed in here.",
            "/account/ui/other-sessions/end",
            "Log out other devices",
            false,
            HOME));
  }

  @PostMapping("/account/ui/other-sessions/end")
  ModelAndView endOtherSessions(Caller caller) {
    return seeOther("others-ended", account.endOtherSessions(caller));
  }

  private static ModelAndView seeOther(String notice, @Nullable Integer count) {
    return Pages.seeOther(HOME, null, notice, count);
  }

  private static @Nullable String notice(@Nullable String code, @Nullable Integer n) {
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "session-ended" -> "Session ended. That device has to log in again.";
      case "session-not-found" -> "That session was not found or had already ended.";
      case "others-ended" -> "Logged out your other devices: " + Pages.sessions(n) + " ended.";
      default -> null;
    };
  }
}
