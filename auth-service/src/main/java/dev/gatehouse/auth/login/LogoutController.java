package dev.gatehouse.auth.login;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.oidc.logout.EndSessionRedirects;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.SessionCookies;
import dev.gatehouse.auth.session.SessionService;
import dev.gatehouse.auth.system.AccessLog;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
 * is idempotent: with neither, the cookie is still cleared and the answer is the same. An explicit
 * {@code Accept} of JSON gets 204, whatever the content type (Python's {@code urllib} and Java's
 * {@code HttpURLConnection} label every POST as a form); otherwise HTML navigations and form posts
 * get 303 to {@code /login}, and API calls 204.
 */
@RestController
final class LogoutController {

  private final RevocationService revocations;
  private final SessionService sessions;
  private final SessionCookies cookies;
  private final EndSessionRedirects endSessions;

  LogoutController(
      RevocationService revocations,
      SessionService sessions,
      SessionCookies cookies,
      EndSessionRedirects endSessions) {
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(cookies, "cookies cannot be null");
    Assert.notNull(endSessions, "endSessions cannot be null");
    this.revocations = revocations;
    this.sessions = sessions;
    this.cookies = cookies;
    this.endSessions = endSessions;
  }

  private static final String CLEAR_SITE_DATA = "Clear-Site-Data";

  @PostMapping("/logout")
  ResponseEntity<Void> logout(
      @AuthenticationPrincipal @Nullable Jwt jwt, HttpServletRequest request) {
    Optional<UUID> ended = Optional.empty();
    if (jwt != null) {
      ended = revokeNamedByJwt(jwt, request);
    }
    Optional<UUID> fromCookie =
        cookies
            .read(request)
            .flatMap(sessions::find)
            .map(
                session -> {
                  AccessLog.identify(request, session.sid(), session.userId().toString());
                  revocations.revokeSession(
                      session.sid(),
                      new Actor(session.userId().toString(), session.username()),
                      AuditAction.LOGOUT,
                      RevocationService.REASON_LOGOUT);
                  return session.sid();
                });
    if (ended.isEmpty()) {
      ended = fromCookie;
    }
    // RP-initiated logout: only after the Gatehouse session is revoked, and only for browsers.
    ResponseEntity.BodyBuilder answer =
        isBrowser(request)
            ? ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(ended.flatMap(endSessions::afterLogout).orElse(URI.create("/login")))
            : ResponseEntity.status(HttpStatus.NO_CONTENT);
    return answer
        .cacheControl(CacheControl.noStore())
        .header(HttpHeaders.SET_COOKIE, cookies.clear())
        // ASVS 5.0 14.3.1: the browser drops what it cached or stored for the signed-in user.
        // Not "cookies": that would clear every cookie of the whole registrable domain.
        .header(CLEAR_SITE_DATA, "\"cache\", \"storage\"")
        .build();
  }

  /** The caller's session, revoked now or before; empty when the JWT names none. */
  private Optional<UUID> revokeNamedByJwt(Jwt jwt, HttpServletRequest request) {
    UUID sid = parseUuid(jwt.getClaimAsString("sid"));
    UUID userId = parseUuid(jwt.getSubject());
    if (sid == null || userId == null) {
      return Optional.empty();
    }
    AccessLog.identify(request, sid, userId.toString());
    // Only the caller's own session: sid and sub come from one introspection at the gateway.
    revocations.revokeSessionOfUser(
        sid,
        userId,
        new Actor(userId.toString(), jwt.getClaimAsString("preferred_username")),
        AuditAction.LOGOUT,
        RevocationService.REASON_LOGOUT);
    return Optional.of(sid);
  }

  private static boolean isBrowser(HttpServletRequest request) {
    List<MediaType> accepted = accepted(request);
    double json = bestQuality(accepted, LogoutController::isJson);
    double html = bestQuality(accepted, LogoutController::isHtml);
    if (json > 0 && json >= html) {
      return false;
    }
    return html > 0 || isForm(request.getContentType());
  }

  /** The {@code Accept} list; unparseable is treated as absent (RFC 9110 §12.5.1 allows either). */
  private static List<MediaType> accepted(HttpServletRequest request) {
    try {
      return MediaType.parseMediaTypes(
          Collections.list(request.getHeaders(HttpHeaders.ACCEPT)).stream().toList());
    } catch (IllegalArgumentException ex) {
      return List.of();
    }
  }

  /**
   * The highest quality among the types named explicitly: a wildcard ({@code *}{@code /*}) is no
   * preference for either form.
   */
  private static double bestQuality(List<MediaType> accepted, Predicate<MediaType> kind) {
    return accepted.stream()
        .filter(type -> !type.isWildcardType() && !type.isWildcardSubtype() && kind.test(type))
        .mapToDouble(MediaType::getQualityValue)
        .max()
        .orElse(0);
  }

  private static boolean isJson(MediaType type) {
    return type.getType().equals("application")
        && (type.getSubtype().equals("json") || "json".equals(type.getSubtypeSuffix()));
  }

  private static boolean isHtml(MediaType type) {
    return type.getType().equals("text") && type.getSubtype().equals("html");
  }

  private static boolean isForm(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    try {
      return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
    } catch (IllegalArgumentException ex) {
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
