package dev.gatehouse.auth.introspection;

import dev.gatehouse.auth.binding.BoundCredentials;
import dev.gatehouse.auth.session.SessionService;
import dev.gatehouse.auth.system.AccessLog;
import dev.gatehouse.protocol.IntrospectionResponse;
import dev.gatehouse.protocol.SessionBinding;
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
 * methods get 405 (§4 allows refusing GET). The optional {@code bound_credential} parameter carries
 * the DBSC bound cookie's value; the answer's {@code binding}, {@code cnf} and {@code bound_until}
 * members say whether it is valid for the session ({@link BoundCredentials}).
 */
@RestController
final class IntrospectionController {

  private final SessionService sessions;
  private final BoundCredentials boundCredentials;

  IntrospectionController(SessionService sessions, BoundCredentials boundCredentials) {
    Assert.notNull(sessions, "sessions cannot be null");
    Assert.notNull(boundCredentials, "boundCredentials cannot be null");
    this.sessions = sessions;
    this.boundCredentials = boundCredentials;
  }

  @PostMapping(
      path = "/oauth2/introspect",
      consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> introspect(
      @RequestParam(name = "token", required = false) @Nullable String token,
      @RequestParam(name = SessionBinding.INTROSPECTION_PARAMETER, required = false)
          @Nullable String boundCredential,
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
                  // DBSC: a separate step after the session lookup, free for unbound sessions.
                  return boundCredentials.withBinding(
                      IntrospectionResponses.active(session), session, boundCredential);
                })
            .orElse(IntrospectionResponse.INACTIVE);
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(response);
  }
}
