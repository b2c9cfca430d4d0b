package dev.gatehouse.auth.internal;

import dev.gatehouse.auth.session.ActiveSession;
import dev.gatehouse.auth.session.SessionCookies;
import dev.gatehouse.auth.session.SessionService;
import dev.gatehouse.auth.system.AccessLog;
import dev.gatehouse.protocol.GatehouseHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/forward-auth}: a session check for proxies that keep their own gateway
 * (nginx {@code auth_request}, Traefik ForwardAuth). The proxy forwards the browser's {@code
 * Cookie} header and authenticates itself with the same HTTP Basic client credentials as the
 * introspection client (so the session token can only come from the cookie). Active session: 200
 * with identity headers for the proxy to copy upstream; anything else: 401 with no body and no
 * {@code WWW-Authenticate}, which a proxy passing the answer on must not turn into a browser
 * password prompt.
 */
@RestController
final class ForwardAuthController {

  private final SessionCookies cookies;
  private final SessionService sessions;

  ForwardAuthController(SessionCookies cookies, SessionService sessions) {
    Assert.notNull(cookies, "cookies cannot be null");
    Assert.notNull(sessions, "sessions cannot be null");
    this.cookies = cookies;
    this.sessions = sessions;
  }

  @GetMapping("/internal/forward-auth")
  ResponseEntity<Void> check(HttpServletRequest request) {
    Optional<ActiveSession> active = cookies.read(request).flatMap(sessions::introspect);
    if (active.isEmpty()) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .cacheControl(CacheControl.noStore())
          .build();
    }
    ActiveSession session = active.get();
    AccessLog.identify(request, session.sid(), session.userId().toString());
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .header(GatehouseHeaders.USER, session.userId().toString())
        .header(GatehouseHeaders.USERNAME, session.username())
        .header(GatehouseHeaders.ROLES, String.join(",", session.roles()))
        .header(GatehouseHeaders.SID, session.sid().toString())
        .build();
  }
}
