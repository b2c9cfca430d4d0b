package dev.gatehouse.auth.system;

import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one exception handler of the service: every error is an RFC 9457 {@code ProblemDetail}.
 * Spring's base class maps bad input (missing or mistyped parameters, unreadable bodies, failed
 * validation, wrong method or media type) to 4xx; anything else is logged and answered with a
 * generic 500 that reveals nothing about the cause.
 */
@RestControllerAdvice
final class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

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

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception ex) {
    log.error("Unexpected error", ex);
    return ProblemDetail.forStatusAndDetail(
        HttpStatus.INTERNAL_SERVER_ERROR, "The request could not be processed.");
  }
}
