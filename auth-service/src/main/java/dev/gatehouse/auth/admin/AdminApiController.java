package dev.gatehouse.auth.admin;

import dev.gatehouse.auth.admin.OperatorService.DisableOutcome;
import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditEntry;
import dev.gatehouse.auth.audit.AuditPage;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.SessionInfo;
import dev.gatehouse.auth.session.SessionPage;
import dev.gatehouse.auth.system.Caller;
import dev.gatehouse.auth.user.UserAccount;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The operator JSON API, for curl and scripts through the gateway (role {@code admin}). Errors are
 * RFC 9457 problem details: bad input 400, unknown user or session 404, disabling oneself 409, a
 * POST with a non-empty form or text body 415.
 *
 * <p>The POSTs take no body; they refuse a body of the content types an HTML form can send ({@code
 * application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain}), so a
 * cross-site form cannot pass them parameters even if the Origin checks and the {@code SameSite}
 * cookie were all bypassed. An empty body is fine whatever its declared type: Python's {@code
 * urllib} and Java's {@code HttpURLConnection} label every POST as a form. The HTML page posts to
 * {@code /admin/ui/**} with CSRF tokens instead.
 */
@RestController
@RequestMapping("/admin")
final class AdminApiController {

  static final int MAX_PAGE_SIZE = 200;

  private final OperatorService operator;

  AdminApiController(OperatorService operator) {
    Assert.notNull(operator, "operator cannot be null");
    this.operator = operator;
  }

  /** Active sessions of one user ({@code ?user=}) or of everybody, newest login first. */
  @GetMapping("/sessions")
  PageResponse<SessionInfo> sessions(
      @RequestParam(required = false) @Nullable @Size(max = 64) String user,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
    UUID userId = (user != null) ? account(user).id() : null;
    SessionPage sessions = operator.sessions(userId, page, size);
    return new PageResponse<>(sessions.items(), page, size, sessions.total());
  }

  /** Ends one session: 204, or 404 when it is unknown or already ended. */
  @DeleteMapping("/sessions/{sid}")
  ResponseEntity<Void> endSession(
      @PathVariable UUID sid,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller) {
    Actor actor = actor(caller);
    if (operator
        .endSession(sid, actor, OperatorReasons.orDefault(reason, RevocationService.REASON_ADMIN))
        .isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No active session with this id.");
    }
    return ResponseEntity.noContent().build();
  }

  /** Ends every session of a user ("force logout"). */
  @PostMapping("/users/{username}/logout")
  Revoked logoutUser(
      @PathVariable @Size(max = 64) String username,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller,
      HttpServletRequest request)
      throws HttpMediaTypeNotSupportedException {
    refuseFormContent(request);
    Actor actor = actor(caller);
    return operator
        .logoutUser(
            username, actor, OperatorReasons.orDefault(reason, RevocationService.REASON_ADMIN))
        .map(Revoked::new)
        .orElseThrow(AdminApiController::noSuchUser);
  }

  /** Disables an account and ends all its sessions; login is refused until it is enabled. */
  @PostMapping("/users/{username}/disable")
  Revoked disable(
      @PathVariable @Size(max = 64) String username,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller,
      HttpServletRequest request)
      throws HttpMediaTypeNotSupportedException {
    refuseFormContent(request);
    Actor actor = actor(caller);
    DisableOutcome outcome =
        operator.disable(
            username,
            actor,
            OperatorReasons.orDefault(reason, RevocationService.REASON_USER_DISABLED));
    if (outcome instanceof DisableOutcome.Disabled disabled) {
      return new Revoked(disabled.revoked());
    }
    if (outcome instanceof DisableOutcome.Self) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "Operators cannot disable their own account.");
    }
    throw noSuchUser();
  }

  /** Enables an account again; its user logs in afresh. */
  @PostMapping("/users/{username}/enable")
  Enabled enable(
      @PathVariable @Size(max = 64) String username,
      @RequestParam(required = false) @Nullable @OperatorReason String reason,
      Caller caller,
      HttpServletRequest request)
      throws HttpMediaTypeNotSupportedException {
    refuseFormContent(request);
    Actor actor = actor(caller);
    if (!operator.enable(
        username, actor, OperatorReasons.orDefault(reason, RevocationService.REASON_ADMIN))) {
      throw noSuchUser();
    }
    return new Enabled(username, true);
  }

  /** The audit trail, newest first; {@code ?user=} narrows it to actions on one account. */
  @GetMapping("/audit")
  PageResponse<AuditView> audit(
      @RequestParam(required = false) @Nullable @Size(max = 64) String user,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
    AuditPage entries = operator.audit(user, page, size);
    return new PageResponse<>(
        entries.items().stream().map(AuditView::of).toList(), page, size, entries.total());
  }

  private UserAccount account(String username) {
    return operator.user(username).orElseThrow(AdminApiController::noSuchUser);
  }

  private static ResponseStatusException noSuchUser() {
    return new ResponseStatusException(HttpStatus.NOT_FOUND, "No user with this username.");
  }

  private static Actor actor(Caller caller) {
    return new Actor(caller.userId().toString(), caller.username());
  }

  /**
   * Refuses a body of the content types a cross-site HTML form (or a "simple" cross-origin request)
   * can send without a CORS preflight. No body at all, whatever its declared type, or JSON, is
   * fine.
   */
  static void refuseFormContent(HttpServletRequest request)
      throws HttpMediaTypeNotSupportedException {
    String contentType = request.getContentType();
    if (contentType == null || hasNoBody(request)) {
      return;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      if (type.getType().equals("application")
          && (type.getSubtype().equals("json") || "json".equals(type.getSubtypeSuffix()))) {
        return;
      }
      throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON));
    } catch (InvalidMediaTypeException ex) {
      throw new HttpMediaTypeNotSupportedException(ex.getMessage());
    }
  }

  /**
   * {@code Content-Length: 0}, or neither a length nor {@code Transfer-Encoding} (RFC 9112 §6.3: no
   * body). A chunked body counts as a body even if it turns out empty: the form parser may already
   * have read it, and refusing it costs a client nothing it needs.
   */
  private static boolean hasNoBody(HttpServletRequest request) {
    long length = request.getContentLengthLong();
    return length == 0 || (length < 0 && request.getHeader("Transfer-Encoding") == null);
  }

  /**
   * One page of a listing.
   *
   * @param items the page's items
   * @param page the zero-based page number asked for
   * @param size the page size asked for
   * @param total how many items match in all
   */
  record PageResponse<T>(List<T> items, int page, int size, long total) {}

  /** How many sessions an action ended. */
  record Revoked(int revoked) {}

  /** The account after {@code enable}. */
  record Enabled(String username, boolean enabled) {}

  /**
   * An audit entry as JSON.
   *
   * @param actor the actor's username ({@code null} for a programmatic caller known by id only)
   * @param actorId the actor's user id, or the programmatic caller's name
   * @param target the username of the account acted on
   * @param targetId its user id
   */
  record AuditView(
      long id,
      Instant at,
      @Nullable String actor,
      String actorId,
      String action,
      @Nullable String target,
      @Nullable UUID targetId,
      List<UUID> sids,
      String reason) {

    static AuditView of(AuditEntry entry) {
      return new AuditView(
          entry.id(),
          entry.at(),
          entry.actor().username(),
          entry.actor().id(),
          entry.action().value(),
          entry.targetUsername(),
          entry.targetUserId(),
          entry.sids(),
          entry.reason());
    }
  }
}
