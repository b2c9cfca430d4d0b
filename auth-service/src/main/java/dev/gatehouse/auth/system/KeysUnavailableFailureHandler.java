package dev.gatehouse.auth.system;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.Assert;

/**
 * The bearer-token filter's answer when a JWT could not be authenticated. A token that is bad
 * (forged, expired, wrong audience) is a 401 from Spring's {@link
 * BearerTokenAuthenticationEntryPoint}, as before. A token that could not be <em>checked</em>
 * because the gateway's JWKS did not answer is an {@link AuthenticationServiceException}, which
 * Spring's default handler rethrows (a 500 with a stack trace): here it is a 503 with {@code
 * Retry-After} and {@code "error": "temporarily_unavailable"}, and one WARN line per {@link
 * #WARN_INTERVAL} while the outage lasts.
 */
final class KeysUnavailableFailureHandler implements AuthenticationFailureHandler {

  static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

  /** Spring's JWK cache fetches again on the next token; a few seconds covers a gateway restart. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(KeysUnavailableFailureHandler.class);

  private static final String PROBLEM =
      "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
          + "\"detail\":\"The token could not be checked: the signing keys are unavailable."
          + " Try again in a few seconds.\",\"error\":\""
          + ApiExceptionHandler.TEMPORARILY_UNAVAILABLE
          + "\"}";

  private final AuthenticationFailureHandler invalidToken =
      new AuthenticationEntryPointFailureHandler(new BearerTokenAuthenticationEntryPoint());
  private final Clock clock;
  private final AtomicReference<Instant> lastWarning = new AtomicReference<>(Instant.MIN);

  KeysUnavailableFailureHandler(Clock clock) {
    Assert.notNull(clock, "clock cannot be null");
    this.clock = clock;
  }

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException, ServletException {
    if (!(exception instanceof AuthenticationServiceException)) {
      invalidToken.onAuthenticationFailure(request, response, exception);
      return;
    }
    report(exception, request.getRequestURI());
    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(PROBLEM.getBytes(StandardCharsets.UTF_8));
  }

  /** The message names the JWKS failure ("Connection refused", "Read timed out"), not the token. */
  private void report(AuthenticationException exception, String path) {
    Instant now = clock.instant();
    Instant last = lastWarning.get();
    if (!now.isBefore(last.plus(WARN_INTERVAL)) && lastWarning.compareAndSet(last, now)) {
      log.warn(
          "JWT not checked, answering 503 (logged once per {} s): {} on {}",
          WARN_INTERVAL.toSeconds(),
          exception.getMessage(),
          path);
    } else {
      log.debug("JWT not checked, answering 503: {} on {}", exception.getMessage(), path);
    }
  }
}
