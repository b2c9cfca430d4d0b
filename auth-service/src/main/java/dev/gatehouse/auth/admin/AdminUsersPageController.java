package dev.gatehouse.auth.admin;

import dev.gatehouse.auth.admin.UserManagement.Created;
import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.enrollment.IssuedLink;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.system.Confirmation;
import dev.gatehouse.auth.system.Confirmation.Detail;
import dev.gatehouse.auth.system.Pages;
import dev.gatehouse.auth.user.UserAccount;
import dev.gatehouse.auth.user.UserPage;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
 * The operator's user pages, without JavaScript: {@code /admin/ui/users} lists and searches
 * accounts and creates one; {@code /admin/ui/users/{username}/manage} changes roles, issues a link,
 * sets a temporary password, and leads to the delete confirmation. Every form POSTs under {@code
 * /admin/ui/**} with a CSRF token. A one-time link is shown once, on the page answering the POST
 * (never in a URL of ours, never stored in the clear), with {@code Cache-Control: no-store}.
 */
@Controller
final class AdminUsersPageController {

  static final int PAGE_SIZE = 50;
  private static final String AREA = "Operator";
  private static final String HOME = "/admin/ui/users";

  private final UserManagement management;

  AdminUsersPageController(UserManagement management) {
    Assert.notNull(management, "management cannot be null");
    this.management = management;
  }

  @GetMapping("/admin/ui/users")
  ModelAndView list(
      @RequestParam(defaultValue = "") String prefix,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(required = false) @Nullable String notice,
      Caller caller,
      CsrfToken csrf,
      Model model) {
    return listPage(model, caller, csrf, prefix, page, HttpStatus.OK, notice(notice), null, null);
  }

  @PostMapping("/admin/ui/users")
  ModelAndView create(
      @RequestParam(defaultValue = "") String username,
      @RequestParam(required = false) @Nullable String displayName,
      @RequestParam(required = false) @Nullable List<String> roles,
      Caller caller,
      CsrfToken csrf,
      Model model,
      HttpServletResponse response) {
    noStore(response);
    try {
      Created created =
          management.create(
              username.strip(), displayName, (roles != null) ? roles : List.of(), actor(caller));
      return listPage(
          model,
          caller,
          csrf,
          "",
          0,
          HttpStatus.OK,
          "Created " + created.account().username() + ". Give them this enrollment link:",
          created.link(),
          null);
    } catch (UserChangeException ex) {
      return listPage(model, caller, csrf, "", 0, ex.status(), null, null, ex.getMessage());
    }
  }

  @GetMapping("/admin/ui/users/{username}/manage")
  ModelAndView manage(@PathVariable String username, Caller caller, CsrfToken csrf, Model model) {
    Optional<UserAccount> found = management.user(username);
    if (found.isEmpty()) {
      return Pages.seeOther(HOME, null, "user-not-found", null);
    }
    return managePage(model, caller, csrf, found.get(), HttpStatus.OK, null, null, null);
  }

  @PostMapping("/admin/ui/users/{username}/roles")
  ModelAndView roles(
      @PathVariable String username,
      @RequestParam(required = false) @Nullable List<String> roles,
      Caller caller,
      CsrfToken csrf,
      Model model) {
    try {
      UserManagement.RolesChanged changed =
          management.changeRoles(username, (roles != null) ? roles : List.of(), actor(caller));
      return managePage(
          model,
          caller,
          csrf,
          changed.account(),
          HttpStatus.OK,
          "Roles changed. Every gateway applies them within about a second ("
              + Pages.sessions(changed.sessionsTold())
              + " refreshed).",
          null,
          null);
    } catch (UserChangeException ex) {
      return refused(model, caller, csrf, username, ex);
    }
  }

  @PostMapping("/admin/ui/users/{username}/link")
  ModelAndView link(
      @PathVariable String username,
      Caller caller,
      CsrfToken csrf,
      Model model,
      HttpServletResponse response) {
    noStore(response);
    try {
      IssuedLink link = management.issueLink(username, actor(caller));
      return managePage(
          model,
          caller,
          csrf,
          management.user(username).orElseThrow(UserChangeException.NotFound::new),
          HttpStatus.OK,
          "New " + link.purpose().value() + " link; earlier links stopped working:",
          link,
          null);
    } catch (UserChangeException ex) {
      return refused(model, caller, csrf, username, ex);
    }
  }

  @PostMapping("/admin/ui/users/{username}/password")
  ModelAndView temporaryPassword(
      @PathVariable String username,
      @RequestParam(defaultValue = "") String temporaryPassword,
      Caller caller,
      CsrfToken csrf,
      Model model) {
    try {
      int ended = management.setTemporaryPassword(username, temporaryPassword, actor(caller));
      return managePage(
          model,
          caller,
          csrf,
          management.user(username).orElseThrow(UserChangeException.NotFound::new),
          HttpStatus.OK,
          "Temporary password set; "
              + Pages.sessions(ended)
              + " ended. It must be changed at the"
              + " next login.",
          null,
          null);
    } catch (UserChangeException ex) {
      return refused(model, caller, csrf, username, ex);
    }
  }

  @GetMapping("/admin/ui/users/{username}/delete")
  ModelAndView confirmDelete(
      @PathVariable String username, Caller caller, CsrfToken csrf, Model model) {
    Optional<UserAccount> found = management.user(username);
    if (found.isEmpty()) {
      return Pages.seeOther(HOME, null, "user-not-found", null);
    }
    UserAccount account = found.get();
    return Pages.confirm(
        model,
        caller,
        csrf,
        new Confirmation(
            AREA,
            "/admin",
            "Delete the account " + account.username() + "?",
            List.of(
                new Detail("User", account.username()),
                new Detail("Roles", String.join(", ", account.roles()))),
            "Ends every session (every gateway refuses them within about a second) and removes"
                + " the password and roles. The audit trail is kept and the username is never"
                + " given to anyone else.",
            "/admin/ui/users/" + segment(account.username()) + "/delete",
            "Delete account",
            false,
            manageUrl(account.username())));
  }

  @PostMapping("/admin/ui/users/{username}/delete")
  ModelAndView delete(@PathVariable String username, Caller caller) {
    try {
      int revoked = management.delete(username, actor(caller));
      return Pages.seeOther(HOME, null, "deleted", revoked);
    } catch (UserChangeException.Conflict ex) {
      return Pages.seeOther(HOME, null, "cannot-delete-self", null);
    } catch (UserChangeException ex) {
      return Pages.seeOther(HOME, null, "user-not-found", null);
    }
  }

  private ModelAndView refused(
      Model model, Caller caller, CsrfToken csrf, String username, UserChangeException ex) {
    Optional<UserAccount> found = management.user(username);
    if (found.isEmpty()) {
      return Pages.seeOther(HOME, null, "user-not-found", null);
    }
    return managePage(model, caller, csrf, found.get(), ex.status(), null, null, ex.getMessage());
  }

  private ModelAndView listPage(
      Model model,
      Caller caller,
      CsrfToken csrf,
      String prefix,
      int page,
      HttpStatus status,
      @Nullable String notice,
      @Nullable IssuedLink link,
      @Nullable String error) {
    csrf.getToken();
    int pageNumber = Math.max(0, page);
    String query = prefix.strip();
    UserPage users = management.list(query, pageNumber, PAGE_SIZE);
    Pages.frame(model, caller);
    Pages.paging(model, pageNumber, PAGE_SIZE, users.total());
    model.addAttribute("prefix", query);
    model.addAttribute("users", users.items());
    model.addAttribute("allowedRoles", management.allowedRoles());
    model.addAttribute("notice", notice);
    model.addAttribute("link", link);
    model.addAttribute("error", error);
    return new ModelAndView("admin-users", model.asMap(), status);
  }

  private ModelAndView managePage(
      Model model,
      Caller caller,
      CsrfToken csrf,
      UserAccount account,
      HttpStatus status,
      @Nullable String notice,
      @Nullable IssuedLink link,
      @Nullable String error) {
    csrf.getToken();
    Pages.frame(model, caller);
    model.addAttribute("account", account);
    model.addAttribute("path", "/admin/ui/users/" + segment(account.username()));
    model.addAttribute("allowedRoles", management.allowedRoles());
    model.addAttribute("notice", notice);
    model.addAttribute("link", link);
    model.addAttribute("error", error);
    return new ModelAndView("admin-user", model.asMap(), status);
  }

  private static @Nullable String notice(@Nullable String code) {
    if (code == null) {
      return null;
    }
    return switch (code) {
      case "deleted" -> "Account deleted; its sessions ended.";
      case "cannot-delete-self" -> "You cannot delete your own account.";
      case "user-not-found" -> "No user with that username.";
      default -> null;
    };
  }

  private static String manageUrl(String username) {
    return "/admin/ui/users/" + segment(username) + "/manage";
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Actor actor(Caller caller) {
    return new Actor(caller.userId().toString(), caller.username());
  }

  private static void noStore(HttpServletResponse response) {
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
  }
}
