package dev.gatehouse.auth.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one exception handler of the service: every error is an RFC 9457 {@code ProblemDetail}.
 * Spring's base class maps bad input (missing or mistyped parameters, unreadable bodies, failed
 * validation, wrong method or media type) to 4xx; a database that cannot be used (down, restarting,
 * no pooled connection in time) is a 503 with {@code Retry-After} and {@code "error":
 * "temporarily_unavailable"} — the friendly {@code unavailable} page for a browser navigation or
 * form; anything else is logged and answered with a generic 500 that reveals nothing about the
 * cause.
 */
@RestControllerAdvice
final class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  /** The stable {@code error} member of every 503 (the code the back-channel logout uses too). */
  static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

  static final String UNAVAILABLE_DETAIL =
      "The service is temporarily unavailable. Try again in a few seconds.";

  private final DatabaseOutage outage;

  ApiExceptionHandler(Clock clock) {
    this.outage = new DatabaseOutage(clock);
  }

  /**
   * Lets Spring Security's exception translation answer these (401/403) instead of the catch-all
   * below; rethrowing the same exception tells MVC this handler did not handle it.
   */
  @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
  void securityException(RuntimeException ex) {
    throw ex;
  }

  /** Names each invalid parameter and the rule it broke (never echoing the value). */
  @Override
  protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String detail =
        ex.getParameterValidationResults().stream()
            .map(
                result ->
                    result.getMethodParameter().getParameterName()
                        + ": "
                        + result.getResolvableErrors().stream()
                            .map(MessageSourceResolvable::getDefaultMessage)
                            .collect(Collectors.joining(", ")))
            .collect(Collectors.joining("; "));
    return handleExceptionInternal(
        ex, ProblemDetail.forStatusAndDetail(status, detail), headers, status, request);
  }

  /** A browser navigation or form post while the database is down: the friendly page. */
  @ExceptionHandler(
      exception = {
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        RecoverableDataAccessException.class,
        CannotCreateTransactionException.class
      },
      produces = MediaType.TEXT_HTML_VALUE)
  ModelAndView databaseUnavailablePage(
      Exception ex, HttpServletRequest request, HttpServletResponse response) {
    outage.report(ex, request.getRequestURI());
    response.setHeader(
        HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()));
    response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    ModelAndView page = new ModelAndView("unavailable", HttpStatus.SERVICE_UNAVAILABLE);
    page.addObject("retryAfter", DatabaseOutage.RETRY_AFTER.toSeconds());
    return page;
  }

  /** Any other client while the database is down: problem JSON. */
  @ExceptionHandler({
    DataAccessResourceFailureException.class,
    TransientDataAccessException.class,
    RecoverableDataAccessException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex, HttpServletRequest request) {
    outage.report(ex, request.getRequestURI());
    return unavailable();
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception ex, HttpServletRequest request) {
    if (DatabaseOutage.isOutage(ex)) {
      // Wrapped by something on the way (a commit that failed, a callback): still an outage.
      outage.report(ex, request.getRequestURI());
      return unavailable();
    }
    log.error("Unexpected error", ex);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(
            ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "The request could not be processed."));
  }

  private static ResponseEntity<ProblemDetail> unavailable() {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE_DETAIL);
    problem.setProperty("error", TEMPORARILY_UNAVAILABLE);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .cacheControl(CacheControl.noStore())
        .header(HttpHeaders.RETRY_AFTER, Long.toString(DatabaseOutage.RETRY_AFTER.toSeconds()))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }
}
