package dev.gatehouse.auth.admin;

import dev.gatehouse.auth.admin.OperatorService.DisableOutcome;
import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditPage;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.SessionInfo;
import dev.gatehouse.auth.session.SessionPage;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.system.Confirmation;
import dev.gatehouse.auth.system.Confirmation.Detail;
import dev.gatehouse.auth.system.DisplayTime;
import dev.gatehouse.auth.system.Pages;
import dev.gatehouse.auth.user.UserAccount;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * The operator page, {@code GET /admin}, server-rendered and usable without JavaScript: search a
 * user, see their active sessions, end one or all, disable or enable the account, read recent audit
 * entries.
 *
 * <p>Every action is two steps: a link to a confirmation page ({@code GET /admin/ui/...}), whose
 * form POSTs to the same path with a CSRF token; the POST answers 303 back to {@code /admin} with a
 * notice code in the query (Post/Redirect/Get, so reloading repeats nothing). All links and
 * redirects are paths, resolved against the gateway origin the page is viewed through.
 */
@Controller
final class AdminPageController {

  static final int PAGE_SIZE = 50;
  static final int AUDIT_ENTRIES = 15;
  private static final String AREA = "Operator";
  private static final String HOME = "/admin";

  private final OperatorService operator;

  AdminPageController(OperatorService operator) {
    Assert.notNull(operator, "operator cannot be null");
    this.operator = operator;
  }

  @GetMapping("/admin")
  ModelAndView page(
      @RequestParam(required = false) @Nullable String user,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(required = false) @Nullable String notice,
      @RequestParam(required = false) @Nullable Integer n,
      Caller caller,
      Model model) {
    String query = (user != null) ? user.strip() : "";
    int pageNumber = Math.max(0, page);
    Optional<UserAccount> account = query.isEmpty() ? Optional.empty() : operator.user(query);
    Pages.frame(model, caller);
    model.addAttribute("query", query);
    model.addAttribute("notice", Notice.text(notice, n, query));
    model.addAttribute("notFound", !query.isEmpty() && account.isEmpty());
    account.ifPresent(
        found -> {
          SessionPage sessions = operator.sessions(found.id(), pageNumber, PAGE_SIZE);
          model.addAttribute("account", found);
          model.addAttribute("sessions", sessions.items());
          Pages.paging(model, pageNumber, PAGE_SIZE, sessions.total());
        });
    AuditPage audit =
        operator.audit(account.map(UserAccount::username).orElse(null), 0, AUDIT_ENTRIES);
    model.addAttribute("audit", audit.items());
    return new ModelAndView("admin", model.asMap());
  }

  @GetMapping("/admin/ui/sessions/{sid}/end")
  ModelAndView confirmEndSession(
      @PathVariable UUID sid, Caller caller, CsrfToken csrf, Model model) {
    Optional<SessionInfo> found = operator.activeSession(sid);
    if (found.isEmpty()) {
      return Pages.seeOther(HOME, null, "session-not-found", null);
    }
    SessionInfo session = found.get();
    List<Detail> details = new ArrayList<>();
    details.add(new Detail("User", session.username()));
    details.add(new Detail("Session", session.sid().toString()));
    details.add(new Detail("Signed in", DisplayTime.INSTANCE.format(session.createdAt())));
    details.add(new Detail("Last seen", DisplayTime.INSTANCE.format(session.lastSeenAt())));
    details.add(new Detail("IP address", Pages.orUnknown(session.ip())));
    details.add(new Detail("User agent", Pages.orUnknown(session.userAgent())));
    return Pages.confirm(
        model,
        caller,
        csrf,
        new Confirmation(
            AREA,
            HOME,
            "End this session of " + session.username() + "?",
            details,
            "Every gateway refuses the session within about a second; the user has to log in"
                + " again on that device.",
            "/admin/ui/sessions/" + sid + "/end",
            "End session",
            true,
            userPage(session.username())));
  }

  @PostMapping("/admin/ui/sessions/{sid}/end")
  ModelAndView endSession(
      @PathVariable UUID sid,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller) {
    Actor actor = actor(caller);
    Optional<String> owner =
        operator.endSession(
            sid, actor, OperatorReasons.orDefault(reason, RevocationService.REASON_ADMIN));
    return owner
        .map(username -> Pages.seeOther(HOME, username, "session-ended", null))
        .orElseGet(() -> Pages.seeOther(HOME, null, "session-not-found", null));
  }

  @GetMapping("/admin/ui/users/{username}/{action:logout|disable|enable}")
  ModelAndView confirmUserAction(
      @PathVariable String username,
      @PathVariable String action,
      Caller caller,
      CsrfToken csrf,
      Model model) {
    Optional<UserAccount> found = operator.user(username);
    if (found.isEmpty()) {
      return Pages.seeOther(HOME, null, "user-not-found", null);
    }
    UserAccount account = found.get();
    long sessions = operator.sessions(account.id(), 0, 1).total();
    List<Detail> details =
        List.of(
            new Detail("User", account.username()),
            new Detail("Roles", String.join(", ", account.roles())),
            new Detail("Account", account.enabled() ? "Enabled" : "Disabled"),
            new Detail("Active sessions", Long.toString(sessions)));
    String path = "/admin/ui/users/" + pathSegment(account.username()) + "/" + action;
    Confirmation confirmation =
        switch (action) {
          case "logout" ->
              new Confirmation(
                  AREA,
                  HOME,
                  "Log " + account.username() + " out everywhere?",
                  details,
                  "Ends all "
                      + sessions
                      + " active sessions; every gateway refuses them within"
                      + " about a second. The user can log in again.",
                  path,
                  "Log out everywhere",
                  true,
                  userPage(account.username()));
          case "disable" ->
              new Confirmation(
                  AREA,
                  HOME,
                  "Disable the account " + account.username() + "?",
                  details,
                  "Ends all active sessions and refuses every login until the account is"
                      + " enabled again.",
                  path,
                  "Disable account",
                  true,
                  userPage(account.username()));
          default ->
              new Confirmation(
                  AREA,
                  HOME,
                  "Enable the account " + account.username() + "?",
                  details,
                  "The user can log in again. Sessions ended before stay ended.",
                  path,
                  "Enable account",
                  true,
                  userPage(account.username()));
        };
    return Pages.confirm(model, caller, csrf, confirmation);
  }

  @PostMapping("/admin/ui/users/{username}/logout")
  ModelAndView logoutUser(
      @PathVariable String username,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller) {
    Actor actor = actor(caller);
    return operator
        .logoutUser(
            username, actor, OperatorReasons.orDefault(reason, RevocationService.REASON_ADMIN))
        .map(revoked -> Pages.seeOther(HOME, username, "logged-out", revoked))
        .orElseGet(() -> Pages.seeOther(HOME, null, "user-not-found", null));
  }

  @PostMapping("/admin/ui/users/{username}/disable")
  ModelAndView disable(
      @PathVariable String username,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller) {
    Actor actor = actor(caller);
    DisableOutcome outcome =
        operator.disable(
            username,
            actor,
            OperatorReasons.orDefault(reason, RevocationService.REASON_USER_DISABLED));
    if (outcome instanceof DisableOutcome.Disabled disabled) {
      return Pages.seeOther(HOME, username, "disabled", disabled.revoked());
    }
    if (outcome instanceof DisableOutcome.Self) {
      return Pages.seeOther(HOME, username, "cannot-disable-self", null);
    }
    return Pages.seeOther(HOME, null, "user-not-found", null);
  }

  @PostMapping("/admin/ui/users/{username}/enable")
  ModelAndView enable(
      @PathVariable String username,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller) {
    Actor actor = actor(caller);
    return operator.enable(
            username, actor, OperatorReasons.orDefault(reason, RevocationService.REASON_ADMIN))
        ? Pages.seeOther(HOME, username, "enabled", null)
        : Pages.seeOther(HOME, null, "user-not-found", null);
  }

  private static Actor actor(Caller caller) {
    return new Actor(caller.userId().toString(), caller.username());
  }

  private static String userPage(String username) {
    return HOME + "?user=" + queryValue(username);
  }

  /** Form-encoded, as the servlet container decodes query parameters ({@code +} for space). */
  private static String queryValue(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * A path segment: percent-encoded, spaces as {@code %20} (a {@code +} stays a plus in a path).
   */
  private static String pathSegment(String value) {
    return queryValue(value).replace("+", "%20");
  }

  /** The notices a redirect can ask the page to show; unknown codes show nothing. */
  static final class Notice {

    private Notice() {}

    static @Nullable String text(@Nullable String code, @Nullable Integer n, String user) {
      if (code == null) {
        return null;
      }
      return switch (code) {
        case "session-ended" -> "Session ended. Every gateway refuses it within about a second.";
        case "session-not-found" -> "That session was not found or had already ended.";
        case "logged-out" -> "Logged " + user + " out everywhere: " + Pages.sessions(n) + " ended.";
        case "disabled" -> "Disabled " + user + ": " + Pages.sessions(n) + " ended, login refused.";
        case "enabled" -> "Enabled " + user + ": they can log in again.";
        case "mfa-reset" -> "Reset two-factor sign-in of " + user + ": they set it up again.";
        case "mfa-not-enrolled" -> user + " has no two-factor sign-in to reset.";
        case "cannot-disable-self" -> "You cannot disable your own account.";
        case "user-not-found" -> "No user with that username.";
        default -> null;
      };
    }
  }
}
