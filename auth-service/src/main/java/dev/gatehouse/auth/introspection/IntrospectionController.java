package dev.gatehouse.auth.introspection;

import dev.gatehouse.auth.session.SessionService;
import dev.gatehouse.auth.system.AccessLog;
import dev.gatehouse.protocol.IntrospectionResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * RFC 7662 token introspection at {@code POST /oauth2/introspect}, for the gateway (authenticated
 * with HTTP Basic client credentials by the security configuration). The token is a session token;
 * {@code token_type_hint} is accepted and ignored, since there is only one token type (§2.1). Other
 * methods get 405 (§4 allows refusing GET).
 */
@RestController
final class IntrospectionController {

  private final SessionService sessions;

  IntrospectionController(SessionService sessions) {
    Assert.notNull(sessions, "sessions cannot be null");
    this.sessions = sessions;
  }

  @PostMapping(
      path = "/oauth2/introspect",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> introspect(
      @RequestParam(name = "token", required = false) @Nullable String token,
      HttpServletRequest request) {
    if (token == null || token.isEmpty()) {
      // RFC 6749 §5.2 error format, which RFC 7662 §2.3 points to.
      return ResponseEntity.badRequest()
          .cacheControl(CacheControl.noStore())
          .body(Map.of("error", "invalid_request"));
    }
    IntrospectionResponse response =
        sessions
            .introspect(token)
            .map(
                session -> {
                  AccessLog.identify(request, session.sid(), session.userId().toString());
                  return IntrospectionResponses.active(session);
                })
            .orElse(IntrospectionResponse.INACTIVE);
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(response);
  }
}
