package dev.gatehouse.gateway.system;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * Every way the gateway stops a request, one value each, rendered in one place ({@link
 * GatewayErrors#render}): the status, the stable {@code error} code of the RFC 9457 problem body,
 * and the reason id counted as {@code gatehouse.requests.denied{reason}}.
 */
public sealed interface Denial {

  HttpStatus status();

  /** The stable {@code error} member of the problem body (and of the HTML page). */
  String error();

  /** A human sentence; never a token or any other request value. */
  String detail();

  /** The reason id for metrics and logs. */
  String reason();

  /** {@code Retry-After} to send, if any. */
  default @Nullable Duration retryAfter() {
    return null;
  }

  /** Whether a browser navigation should be sent to the login page instead of an error. */
  default boolean needsLogin() {
    return false;
  }

  /** Whether it counts as {@code gatehouse.requests.denied}; a broken route config does not. */
  default boolean counted() {
    return true;
  }

  /** No active session: 401 with an RFC 6750 §3 challenge, or 302 to the login page. */
  record Unauthenticated(String reason) implements Denial {
    public Unauthenticated {
      Assert.hasText(reason, "reason cannot be empty");
    }

    @Override
    public HttpStatus status() {
      return HttpStatus.UNAUTHORIZED;
    }

    @Override
    public String error() {
      return "unauthenticated";
    }

    @Override
    public String detail() {
      return "An active session is required.";
    }

    @Override
    public boolean needsLogin() {
      return true;
    }
  }

  /** The session has none of the route's roles: 403 {@code forbidden}. */
  record MissingRole() implements Denial {
    @Override
    public HttpStatus status() {
      return HttpStatus.FORBIDDEN;
    }

    @Override
    public String error() {
      return "forbidden";
    }

    @Override
    public String detail() {
      return "A required role is missing.";
    }

    @Override
    public String reason() {
      return "missing-role";
    }
  }

  /** A cookie-authenticated write from another site: 403 {@code cross_site_request}. */
  record CrossSite() implements Denial {
    @Override
    public HttpStatus status() {
      return HttpStatus.FORBIDDEN;
    }

    @Override
    public String error() {
      return "cross_site_request";
    }

    @Override
    public String detail() {
      return "Cross-site request refused.";
    }

    @Override
    public String reason() {
      return "cross-site-request";
    }
  }

  /** The {@code Cookie} header is over the limit: 431 {@code cookie_too_large}. */
  record CookieTooLarge() implements Denial {
    @Override
    public HttpStatus status() {
      return HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }

    @Override
    public String error() {
      return "cookie_too_large";
    }

    @Override
    public String detail() {
      return "The Cookie header is too large.";
    }

    @Override
    public String reason() {
      return "cookie-too-large";
    }
  }

  /** auth-service cannot answer, and the user is not logged out: 503 with {@code Retry-After}. */
  record AuthUnavailable(Duration retryAfter) implements Denial {
    public AuthUnavailable {
      Assert.notNull(retryAfter, "retryAfter cannot be null");
    }

    @Override
    public HttpStatus status() {
      return HttpStatus.SERVICE_UNAVAILABLE;
    }

    @Override
    public String error() {
      return "auth_unavailable";
    }

    @Override
    public String detail() {
      return "The session cannot be checked right now. Try again shortly.";
    }

    @Override
    public String reason() {
      return "auth-unavailable";
    }
  }

  /**
   * 429 with {@code Retry-After} (RFC 6585 §4): the client spent its budget of session lookups that
   * miss the cache; auth-service is not called.
   */
  record TooManyRequests(Duration retryAfter) implements Denial {
    public TooManyRequests {
      Assert.notNull(retryAfter, "retryAfter cannot be null");
    }

    @Override
    public HttpStatus status() {
      return HttpStatus.TOO_MANY_REQUESTS;
    }

    @Override
    public String error() {
      return "too_many_requests";
    }

    @Override
    public String detail() {
      return "Too many requests with unknown session tokens. Try again later.";
    }

    @Override
    public String reason() {
      return "miss-budget";
    }
  }

  /** 500: the minted token would exceed the header budget; the upstream is not called. */
  record TokenTooLarge() implements Denial {
    @Override
    public HttpStatus status() {
      return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    @Override
    public String error() {
      return "token_too_large";
    }

    @Override
    public String detail() {
      return "The identity token for this route exceeds the configured header budget.";
    }

    @Override
    public String reason() {
      return "token-too-large";
    }

    /** A configuration fault, logged at error where it happens, not a refused client. */
    @Override
    public boolean counted() {
      return false;
    }
  }

  /** 400: a path the gateway will not relay. */
  record BadPath() implements Denial {
    @Override
    public HttpStatus status() {
      return HttpStatus.BAD_REQUEST;
    }

    @Override
    public String error() {
      return "bad_path";
    }

    @Override
    public String detail() {
      return "The request path is not allowed.";
    }

    @Override
    public String reason() {
      return "bad-path";
    }
  }
}
