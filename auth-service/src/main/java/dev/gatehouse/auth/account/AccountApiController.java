package dev.gatehouse.auth.account;

import dev.gatehouse.auth.session.SessionInfo;
import dev.gatehouse.auth.session.SessionPage;
import dev.gatehouse.auth.system.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /account/sessions}: the caller's own active sessions, and ending them. The caller and the
 * current session come from the gateway-minted JWT ({@code sub}, {@code sid}). Ending uses {@code
 * DELETE}, which no HTML form can send and no cross-origin script can send without a CORS
 * preflight: no CSRF token needed.
 */
@RestController
@RequestMapping("/account/sessions")
final class AccountApiController {

  static final int MAX_PAGE_SIZE = 200;

  private final AccountService account;

  AccountApiController(AccountService account) {
    Assert.notNull(account, "account cannot be null");
    this.account = account;
  }

  @GetMapping
  OwnSessions sessions(
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(MAX_PAGE_SIZE) int size,
      Caller caller) {
    SessionPage sessions = account.sessions(caller, page, size);
    return new OwnSessions(
        sessions.items().stream().map(session -> OwnSession.of(session, caller)).toList(),
        page,
        size,
        sessions.total());
  }

  /** 204 for the caller's own session; 404 for an unknown, ended or another user's session. */
  @DeleteMapping("/{sid}")
  ResponseEntity<Void> endSession(@PathVariable UUID sid, Caller caller) {
    if (!account.endSession(caller, sid)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No active session with this id.");
    }
    return ResponseEntity.noContent().build();
  }

  /** "Log out other devices": ends every own session but the current one. */
  @DeleteMapping("/others")
  Revoked endOtherSessions(Caller caller) {
    return new Revoked(account.endOtherSessions(caller));
  }

  /**
   * One page of the caller's sessions, newest login first.
   *
   * @param total how many active sessions the caller has
   */
  record OwnSessions(List<OwnSession> items, int page, int size, long total) {}

  /**
   * One of the caller's sessions.
   *
   * @param current whether this request was made with it
   */
  record OwnSession(
      UUID sid,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt,
      @Nullable String ip,
      @Nullable String userAgent,
      boolean current) {

    static OwnSession of(SessionInfo session, Caller caller) {
      return new OwnSession(
          session.sid(),
          session.createdAt(),
          session.lastSeenAt(),
          session.expiresAt(),
          session.ip(),
          session.userAgent(),
          session.sid().equals(caller.sid()));
    }
  }

  /** How many sessions were ended. */
  record Revoked(int revoked) {}
}
