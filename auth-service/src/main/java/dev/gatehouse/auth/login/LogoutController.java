package dev.gatehouse.auth.login;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.SessionCookies;
import dev.gatehouse.auth.session.SessionService;
import dev.gatehouse.auth.system.AccessLog;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /logout}: revokes the caller's session and clears the session cookie.
 *
 * <p>Through the gateway the session is named by the gateway-minted JWT ({@code sid}, {@code sub}),
 * verified by the resource-server filter chain; the cookie never reaches us there. Called directly
 * (no gateway in front), the browser's session cookie is proof enough to end that session. Logout
 * is idempotent: with neither, the cookie is still cleared and the answer is the same. HTML and
 * form requests get 303 to {@code /login}; API calls get 204.
 */
@RestController
final class LogoutController {

  private final RevocationService revocations;
  private final SessionService sessions;
  private final SessionCookies cookies;

  LogoutController(RevocationService revocations, SessionService sessions, SessionCookies cookies) {
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(cookies, "cookies cannot be null");
    this.revocations = revocations;
    this.sessions = sessions;
    this.cookies = cookies;
  }

  private static final String CLEAR_SITE_DATA = "Clear-Site-Data";

  @PostMapping("/logout")
  ResponseEntity<Void> logout(
      @AuthenticationPrincipal @Nullable Jwt jwt, HttpServletRequest request) {
    if (jwt != null) {
      revokeNamedByJwt(jwt, request);
    }
    cookies
        .read(request)
        .flatMap(sessions::find)
        .ifPresent(
            session -> {
              AccessLog.identify(request, session.sid(), session.userId().toString());
              revocations.revokeSession(
                  session.sid(),
                  new Actor(session.userId().toString(), session.username()),
                  AuditAction.LOGOUT,
                  RevocationService.REASON_LOGOUT);
            });
    ResponseEntity.BodyBuilder answer =
        isBrowser(request)
            ? ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/login"))
            : ResponseEntity.status(HttpStatus.NO_CONTENT);
    return answer
        .cacheControl(CacheControl.noStore())
        .header(HttpHeaders.SET_COOKIE, cookies.clear())
        // ASVS 5.0 14.3.1: the browser drops what it cached or stored for the signed-in user.
        // Not "cookies": that would clear every cookie of the whole registrable domain.
        .header(CLEAR_SITE_DATA, "\"cache\", \"storage\"")
        .build();
  }

  private void revokeNamedByJwt(Jwt jwt, HttpServletRequest request) {
    UUID sid = parseUuid(jwt.getClaimAsString("sid"));
    UUID userId = parseUuid(jwt.getSubject());
    if (sid != null && userId != null) {
      AccessLog.identify(request, sid, userId.toString());
      // Only the caller's own session: sid and sub come from one introspection at the gateway.
      revocations.revokeSessionOfUser(
          sid,
          userId,
          new Actor(userId.toString(), jwt.getClaimAsString("preferred_username")),
          AuditAction.LOGOUT,
          RevocationService.REASON_LOGOUT);
    }
  }

  private static boolean isBrowser(HttpServletRequest request) {
    try {
      String contentType = request.getContentType();
      if (contentType != null
          && MediaType.APPLICATION_FORM_URLENCODED.includes(
              MediaType.parseMediaType(contentType))) {
        return true;
      }
      List<MediaType> accepted = MediaType.parseMediaTypes(request.getHeader(HttpHeaders.ACCEPT));
      return accepted.stream()
          .anyMatch(type -> type.getType().equals("text") && type.getSubtype().equals("html"));
    } catch (InvalidMediaTypeException ex) {
      return false;
    }
  }

  private static @Nullable UUID parseUuid(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }
}
