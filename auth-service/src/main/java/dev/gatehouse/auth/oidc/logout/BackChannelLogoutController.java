package dev.gatehouse.auth.oidc.logout;

import dev.gatehouse.auth.oidc.logout.BackChannelLogoutMetrics.Outcome;
import dev.gatehouse.protocol.RevocationEvent;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code POST /logout/connect/back-channel/{registrationId}}: the back-channel logout URI of OpenID
 * Connect Back-Channel Logout 1.0 (§2.5), the one to register at the provider for the client
 * registration {@code registrationId} (Spring Security's default path, so it reads familiar). The
 * provider posts {@code logout_token} as {@code application/x-www-form-urlencoded}; the answer is
 * 200 when the token was accepted (also when no session matched), 400 with {@code "error":
 * "invalid_request"} when it was refused and nothing changed, 503 when the provider's keys could
 * not be fetched (nothing changed either; the provider may retry), always {@code Cache-Control:
 * no-store} (§2.8).
 *
 * <p>Why not Spring Security's {@code oidcLogout().backChannel()}: its session registry links
 * provider sessions to servlet {@code HttpSession} ids and is filled by a session-authentication
 * strategy that does nothing without an {@code HttpSession}, which Gatehouse never creates (its
 * sessions are database rows named by the cookie); its default handler ends each session by calling
 * the application's own logout URL; and its token validator checks neither {@code jti} replay, nor
 * {@code iat} age, nor {@code exp}. With a custom registry, handler and validator only its filter
 * would be left, and the replay check would run outside the transaction that revokes. So the token
 * is verified here with Nimbus (which Spring uses underneath too), and the {@code jti} is recorded
 * in the revoking transaction.
 */
@RestController
final class BackChannelLogoutController {

  static final String PATH = "/logout/connect/back-channel/{registrationId}";

  private static final Logger log = LoggerFactory.getLogger(BackChannelLogoutController.class);

  private static final String PARAMETER = "logout_token";

  private final BackChannelLogoutService logouts;
  private final BackChannelLogoutMetrics metrics;

  BackChannelLogoutController(BackChannelLogoutService logouts, BackChannelLogoutMetrics metrics) {
    Assert.notNull(logouts, "logouts cannot be null");
    Assert.notNull(metrics, "metrics cannot be null");
    this.logouts = logouts;
    this.metrics = metrics;
  }

  @PostMapping(PATH)
  ResponseEntity<?> logout(@PathVariable String registrationId, HttpServletRequest request) {
    try {
      List<RevocationEvent> revoked = logouts.logout(registrationId, logoutToken(request));
      metrics.count(Outcome.ACCEPTED);
      log.info(
          "back-channel logout from registration={} revoked {} sessions",
          registrationId,
          revoked.size());
      return ResponseEntity.ok().cacheControl(CacheControl.noStore()).build();
    } catch (InvalidLogoutTokenException ex) {
      metrics.count(Outcome.INVALID);
      log.warn(
          "back-channel logout refused registration={} reason=\"{}\"",
          registrationId,
          ex.getMessage());
      return problem(HttpStatus.BAD_REQUEST, "invalid_request", ex.getMessage());
    } catch (ProviderKeysUnavailableException ex) {
      metrics.count(Outcome.KEYS_UNAVAILABLE);
      log.warn(
          "back-channel logout not checked registration={}: {}", registrationId, ex.getMessage());
      return problem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "temporarily_unavailable",
          "The provider's signing keys could not be fetched");
    }
  }

  /** The token from the form body only: never from the query string, where URLs get logged. */
  private static String logoutToken(HttpServletRequest request) {
    if (!isForm(request.getContentType())) {
      throw new InvalidLogoutTokenException(
          "The logout token must be posted as application/x-www-form-urlencoded");
    }
    if (request.getQueryString() != null
        && UriComponentsBuilder.newInstance()
            .query(request.getQueryString())
            .build()
            .getQueryParams()
            .containsKey(PARAMETER)) {
      throw new InvalidLogoutTokenException("The logout token must not be sent in the URL");
    }
    String[] values = request.getParameterValues(PARAMETER);
    if (values == null || values.length != 1 || values[0].isBlank()) {
      throw new InvalidLogoutTokenException("Exactly one logout_token parameter is required");
    }
    return values[0];
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

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String error, @Nullable String description) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, description);
    problem.setProperty("error", error);
    problem.setProperty("error_description", description);
    return ResponseEntity.status(status)
        .cacheControl(CacheControl.noStore())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
