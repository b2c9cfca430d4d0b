package dev.gatehouse.auth.admin;

import dev.gatehouse.auth.admin.UserManagement.Created;
import dev.gatehouse.auth.admin.UserManagement.RolesChanged;
import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.enrollment.IssuedLink;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.user.UserAccount;
import dev.gatehouse.auth.user.UserPage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The user-management JSON API under {@code /admin/users} (role {@code admin}). Bodies are JSON
 * only ({@code consumes}): an HTML form cannot send that type, and a cross-origin script needs a
 * CORS preflight the gateway does not grant; deletion is a {@code DELETE}. Errors are problem
 * details with a stable {@code error} member: 400 ({@code invalid_username}, {@code invalid_role},
 * {@code invalid_display_name}, the password policy's codes), 404 {@code user_not_found}, 409
 * ({@code username_taken}, {@code cannot_change_own_roles}, {@code cannot_delete_self}).
 *
 * <p>Links are returned to the operator, who hands them to the user: only their hash is stored.
 */
@RestController
@RequestMapping("/admin/users")
final class AdminUsersApiController {

  static final int MAX_PAGE_SIZE = 200;

  private final UserManagement management;

  AdminUsersApiController(UserManagement management) {
    Assert.notNull(management, "management cannot be null");
    this.management = management;
  }

  /** Accounts whose username starts with {@code prefix} (all when empty), by username. */
  @GetMapping
  UserList list(
      @RequestParam(defaultValue = "") @Size(max = 64) String prefix,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
    UserPage users = management.list(prefix, page, size);
    return new UserList(
        users.items().stream().map(UserView::of).toList(), page, size, users.total());
  }

  @GetMapping("/{username}")
  UserView user(@PathVariable @Size(max = 64) String username) {
    return management
        .user(username)
        .map(UserView::of)
        .orElseThrow(UserChangeException.NotFound::new);
  }

  /** 201 with the account (no password yet) and its enrollment link. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<CreatedView> create(@RequestBody NewUser body, Caller caller) {
    Created created =
        management.create(
            orEmpty(body.username()),
            body.displayName(),
            (body.roles() != null) ? body.roles() : List.of(),
            actor(caller));
    return ResponseEntity.status(HttpStatus.CREATED)
        .cacheControl(CacheControl.noStore())
        .body(new CreatedView(UserView.of(created.account()), LinkView.of(created.link())));
  }

  /** A new enrollment link (no password yet) or password-reset link; earlier links stop working. */
  @PostMapping(path = "/{username}/link", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<LinkView> link(@PathVariable @Size(max = 64) String username, Caller caller) {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(LinkView.of(management.issueLink(username, actor(caller))));
  }

  /** Sets a temporary password (changed at the next login); all the user's sessions end. */
  @PutMapping(path = "/{username}/password", consumes = MediaType.APPLICATION_JSON_VALUE)
  Revoked temporaryPassword(
      @PathVariable @Size(max = 64) String username,
      @RequestBody TemporaryPassword body,
      Caller caller) {
    String password = orEmpty(body.temporaryPassword());
    return new Revoked(management.setTemporaryPassword(username, password, actor(caller)));
  }

  /** Replaces the roles; every gateway sees the change within the revocation bound. */
  @PutMapping(path = "/{username}/roles", consumes = MediaType.APPLICATION_JSON_VALUE)
  RolesView roles(
      @PathVariable @Size(max = 64) String username, @RequestBody Roles body, Caller caller) {
    RolesChanged changed =
        management.changeRoles(
            username, (body.roles() != null) ? body.roles() : List.of(), actor(caller));
    return new RolesView(UserView.of(changed.account()), changed.sessionsTold());
  }

  /** Deletes the account (a tombstone keeps the username); all its sessions end. */
  @DeleteMapping("/{username}")
  Revoked delete(@PathVariable @Size(max = 64) String username, Caller caller) {
    return new Revoked(management.delete(username, actor(caller)));
  }

  @ExceptionHandler(UserChangeException.class)
  ResponseEntity<ProblemDetail> refused(UserChangeException ex) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(ex.status(), ex.getMessage());
    problem.setProperty("error", ex.error());
    return ResponseEntity.status(ex.status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static Actor actor(Caller caller) {
    return new Actor(caller.userId().toString(), caller.username());
  }

  private static String orEmpty(@Nullable String value) {
    return (value != null) ? value : "";
  }

  /** A new account. */
  record NewUser(
      @Nullable String username, @Nullable String displayName, @Nullable List<String> roles) {}

  /** The body of {@code PUT …/password}; {@code toString} prints no password. */
  record TemporaryPassword(@Nullable String temporaryPassword) {

    @Override
    public String toString() {
      return "TemporaryPassword[]";
    }
  }

  /** The body of {@code PUT …/roles}. */
  record Roles(@Nullable List<String> roles) {}

  /** An account as JSON. */
  record UserView(
      UUID id,
      String username,
      @Nullable String displayName,
      List<String> roles,
      boolean enabled,
      boolean hasPassword,
      boolean mustChangePassword) {

    static UserView of(UserAccount account) {
      return new UserView(
          account.id(),
          account.username(),
          account.displayName(),
          account.roles(),
          account.enabled(),
          account.hasPassword(),
          account.mustChangePassword());
    }
  }

  /** One page of accounts. */
  record UserList(List<UserView> items, int page, int size, long total) {}

  /** A one-time link to hand to the user. */
  record LinkView(String purpose, String url, Instant expiresAt) {

    static LinkView of(IssuedLink link) {
      return new LinkView(link.purpose().value(), link.url(), link.expiresAt());
    }

    @Override
    public String toString() {
      return "LinkView[purpose=" + purpose + ", expiresAt=" + expiresAt + "]";
    }
  }

  record CreatedView(UserView user, LinkView link) {}

  /**
   * Roles after the change.
   *
   * @param sessionsRefreshed live sessions whose cached introspections every gateway drops
   */
  record RolesView(UserView user, int sessionsRefreshed) {}

  /** How many sessions an action ended. */
  record Revoked(int revoked) {}
}
