package dev.gatehouse.demo.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * What the bearer-token filter answers when a token could not be authenticated. A bad token
 * (forged, expired, wrong audience) is Spring's 401 with {@code WWW-Authenticate}, unchanged. A
 * token that could not be <em>checked</em> because the gateway's JWKS did not answer (refused,
 * timed out) reaches here as an {@link AuthenticationServiceException}, which Spring's default
 * handler rethrows (a 500 and a stack trace per request): this answers 503 with {@code Retry-After}
 * and RFC 9457 problem JSON ({@code "error": "temporarily_unavailable"}), and logs one WARN line
 * per {@link #WARN_INTERVAL} while it lasts.
 */
final class KeysUnavailableFailureHandler implements AuthenticationFailureHandler {

  static final Duration WARN_INTERVAL = Duration.ofSeconds(10);

  /** The JWKS is fetched again with the next token; a gateway restart takes a few seconds. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(KeysUnavailableFailureHandler.class);

  private static final byte[] PROBLEM =
      ("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
              + "\"detail\":\"The token could not be checked: the signing keys are unavailable."
              + " Try again in a few seconds.\",\"error\":\"temporarily_unavailable\"}")
          .getBytes(StandardCharsets.UTF_8);

  private final AuthenticationFailureHandler invalidToken =
      new AuthenticationEntryPointFailureHandler(new BearerTokenAuthenticationEntryPoint());

  /** {@link System#nanoTime()} of the last WARN line; a monotonic clock, never the wall clock. */
  private final AtomicLong lastWarning =
      new AtomicLong(System.nanoTime() - WARN_INTERVAL.toNanos());

  @Override
  public void onAuthenticationFailure(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException, ServletException {
    if (!(exception instanceof AuthenticationServiceException)) {
      invalidToken.onAuthenticationFailure(request, response, exception);
      return;
    }
    report(exception);
    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER.toSeconds()));
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(PROBLEM);
  }

  /** The message names the JWKS failure ("Connection refused", "Read timed out"), not the token. */
  private void report(AuthenticationException exception) {
    long now = System.nanoTime();
    long last = lastWarning.get();
    if (now - last >= WARN_INTERVAL.toNanos() && lastWarning.compareAndSet(last, now)) {
      log.warn(
          "JWT not checked, answering 503 (logged once per {} s): {}",
          WARN_INTERVAL.toSeconds(),
          exception.getMessage());
    } else {
      log.debug("JWT not checked, answering 503: {}", exception.getMessage());
    }
  }
}
