package dev.gatehouse.auth.account;

import dev.gatehouse.auth.session.SessionInfo;
import dev.gatehouse.auth.session.SessionPage;
import dev.gatehouse.auth.system.AccessLog;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.system.Confirmation;
import dev.gatehouse.auth.system.Confirmation.Detail;
import dev.gatehouse.auth.system.DisplayTime;
import dev.gatehouse.auth.system.SeeOther;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
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

  AccountPageController(AccountService account) {
    Assert.notNull(account, "account cannot be null");
    this.account = account;
  }

  @GetMapping("/account")
  ModelAndView page(
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(required = false) @Nullable String notice,
      @RequestParam(required = false) @Nullable Integer n,
      @AuthenticationPrincipal Jwt jwt,
      HttpServletRequest request,
      Model model) {
    Caller caller = identify(jwt, request);
    int pageNumber = Math.max(0, page);
    SessionPage sessions = account.sessions(caller, pageNumber, PAGE_SIZE);
    model.addAttribute("signedInAs", caller.username());
    model.addAttribute("currentSid", caller.sid());
    model.addAttribute("sessions", sessions.items());
    model.addAttribute("total", sessions.total());
    model.addAttribute("page", pageNumber);
    model.addAttribute("hasPrevious", pageNumber > 0);
    model.addAttribute("hasNext", (long) (pageNumber + 1) * PAGE_SIZE < sessions.total());
    model.addAttribute("notice", notice(notice, n));
    model.addAttribute("times", DisplayTime.INSTANCE);
    return new ModelAndView("account", model.asMap());
  }

  @GetMapping("/account/ui/sessions/{sid}/end")
  ModelAndView confirmEndSession(
      @PathVariable UUID sid,
      @AuthenticationPrincipal Jwt jwt,
      HttpServletRequest request,
      CsrfToken csrf,
      Model model) {
    Caller caller = identify(jwt, request);
    Optional<SessionInfo> found = account.ownActiveSession(caller, sid);
    if (found.isEmpty()) {
      return seeOther("session-not-found", null);
    }
    SessionInfo session = found.get();
    boolean current = session.sid().equals(caller.sid());
    return confirm(
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
                new Detail("IP address", valueOrUnknown(session.ip())),
                new Detail("Device", valueOrUnknown(session.userAgent()))),
            current
                ? "You will be signed out here and have to log in again."
                : "That device is signed out within about a second and has to log in again.",
            "/account/ui/sessions/" + sid + "/end",
            "End session",
            false,
            HOME));
  }

  @PostMapping("/account/ui/sessions/{sid}/end")
  ModelAndView endSession(
      @PathVariable UUID sid, @AuthenticationPrincipal Jwt jwt, HttpServletRequest request) {
    return account.endSession(identify(jwt, request), sid)
        ? seeOther("session-ended", null)
        : seeOther("session-not-found", null);
  }

  @GetMapping("/account/ui/other-sessions/end")
  ModelAndView confirmEndOtherSessions(
      @AuthenticationPrincipal Jwt jwt, HttpServletRequest request, CsrfToken csrf, Model model) {
    Caller caller = identify(jwt, request);
    long others = Math.max(0, account.sessions(caller, 0, 1).total() - 1);
    return confirm(
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
  ModelAndView endOtherSessions(@AuthenticationPrincipal Jwt jwt, HttpServletRequest request) {
    return seeOther("others-ended", account.endOtherSessions(identify(jwt, request)));
  }

  /** Reads the token before rendering, so its cookie is set while headers can still change. */
  private static ModelAndView confirm(
      Model model, Caller caller, CsrfToken csrf, Confirmation confirmation) {
    csrf.getToken();
    model.addAttribute("signedInAs", caller.username());
    model.addAttribute("confirm", confirmation);
    return new ModelAndView("confirm", model.asMap());
  }

  private static ModelAndView seeOther(String notice, @Nullable Integer count) {
    Map<String, @Nullable Object> query = new LinkedHashMap<>();
    query.put("notice", notice);
    query.put("n", count);
    return new ModelAndView(SeeOther.to(HOME, query));
  }

  private static @Nullable String notice(@Nullable String code, @Nullable Integer n) {
    if (code == null) {
      return null;
    }
    int count = (n != null) ? n : 0;
    return switch (code) {
      case "session-ended" -> "Session ended. That device has to log in again.";
      case "session-not-found" -> "That session was not found or had already ended.";
      case "others-ended" ->
          "Logged out your other devices: "
              + count
              + (count == 1 ? " session" : " sessions")
              + " ended.";
      default -> null;
    };
  }

  private static Caller identify(Jwt jwt, HttpServletRequest request) {
    Caller caller = Caller.from(jwt);
    AccessLog.identify(request, caller.sid(), caller.userId().toString());
    return caller;
  }

  private static String valueOrUnknown(@Nullable String value) {
    return StringUtils.hasText(value) ? value : "unknown";
  }
}
