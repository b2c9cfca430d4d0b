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

  /** The constant part of this denial: status, {@code error} code, sentence, reason id. */
  Kind kind();

  default HttpStatus status() {
    return kind().status;
  }

  /** The stable {@code error} member of the problem body (and of the HTML page). */
  default String error() {
    return kind().error;
  }

  /** A human sentence; never a token or any other request value. */
  default String detail() {
    return kind().detail;
  }

  /** The reason id for metrics and logs. */
  default String reason() {
    return kind().reason;
  }

  /** {@code Retry-After} to send, if any. */
  default @Nullable Duration retryAfter() {
    return null;
  }

  /** Whether a browser navigation is sent to the login page instead of an error. */
  default boolean needsLogin() {
    return kind() == Kind.UNAUTHENTICATED || kind() == Kind.BINDING_UNVERIFIED;
  }

  /**
   * Whether it counts as {@code gatehouse.requests.denied}: a token over the header budget is a
   * route configuration fault, logged at error where it happens, not a refused client.
   */
  default boolean counted() {
    return kind() != Kind.TOKEN_TOO_LARGE;
  }

  /** No active session: 401 with an RFC 6750 §3 challenge, or 302 to the login page. */
  record Unauthenticated(String reason) implements Denial {
    public Unauthenticated {
      Assert.hasText(reason, "reason cannot be empty");
    }

    @Override
    public Kind kind() {
      return Kind.UNAUTHENTICATED;
    }
  }

  /**
   * A device-bound session (DBSC) came without a valid bound credential — a copied session cookie,
   * or a browser that could not renew its credential: like an expired session, 401 with an RFC 6750
   * §3 challenge, or 302 to the login page.
   */
  record BindingUnverified() implements Denial {
    @Override
    public Kind kind() {
      return Kind.BINDING_UNVERIFIED;
    }
  }

  /** The route says {@code binding: required} and the session is not device-bound: 403. */
  record BindingRequired() implements Denial {
    @Override
    public Kind kind() {
      return Kind.BINDING_REQUIRED;
    }
  }

  /** The session has none of the route's roles. */
  record MissingRole() implements Denial {
    @Override
    public Kind kind() {
      return Kind.MISSING_ROLE;
    }
  }

  /**
   * The route says {@code mfa: required} and the session's user passed no second factor: 401 with
   * an RFC 9470 {@code insufficient_user_authentication} challenge, or for a browser navigation a
   * 302 to auth-service's step-up page, which comes back.
   */
  record StepUpRequired() implements Denial {
    @Override
    public Kind kind() {
      return Kind.STEP_UP_REQUIRED;
    }
  }

  /** A cookie-authenticated write (or WebSocket handshake) from another site. */
  record CrossSite() implements Denial {
    @Override
    public Kind kind() {
      return Kind.CROSS_SITE;
    }
  }

  /** The {@code Cookie} header is over the limit. */
  record CookieTooLarge() implements Denial {
    @Override
    public Kind kind() {
      return Kind.COOKIE_TOO_LARGE;
    }
  }

  /** auth-service cannot answer, and the user is not logged out: 503 with {@code Retry-After}. */
  record AuthUnavailable(Duration retryAfter) implements Denial {
    public AuthUnavailable {
      Assert.notNull(retryAfter, "retryAfter cannot be null");
    }

    @Override
    public Kind kind() {
      return Kind.AUTH_UNAVAILABLE;
    }
  }

  /**
   * The route's upstream could not be reached or broke the connection before answering (refused,
   * reset, closed, unknown host): 502.
   */
  record BadGateway() implements Denial {
    @Override
    public Kind kind() {
      return Kind.BAD_GATEWAY;
    }
  }

  /** The route's upstream did not accept the connection or answer within its timeout: 504. */
  record GatewayTimeout() implements Denial {
    @Override
    public Kind kind() {
      return Kind.GATEWAY_TIMEOUT;
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
    public Kind kind() {
      return Kind.TOO_MANY_REQUESTS;
    }
  }

  /** The minted token would exceed the header budget; the upstream is not called. */
  record TokenTooLarge() implements Denial {
    @Override
    public Kind kind() {
      return Kind.TOKEN_TOO_LARGE;
    }
  }

  /** A path the gateway will not relay. */
  record BadPath() implements Denial {
    @Override
    public Kind kind() {
      return Kind.BAD_PATH;
    }
  }

  /** The answer each kind of denial gets; the {@code error} codes are part of the API. */
  enum Kind {
    UNAUTHENTICATED(
        HttpStatus.UNAUTHORIZED, "unauthenticated", "An active session is required.", "-"),
    MISSING_ROLE(HttpStatus.FORBIDDEN, "forbidden", "A required role is missing.", "missing-role"),
    BINDING_UNVERIFIED(
        HttpStatus.UNAUTHORIZED,
        "binding_required",
        "This session is bound to a device, and the device's credential is missing or expired.",
        "binding-unverified"),
    BINDING_REQUIRED(
        HttpStatus.FORBIDDEN,
        "binding_required",
        "This resource needs a session bound to its device (Device Bound Session Credentials).",
        "binding-required"),
    STEP_UP_REQUIRED(
        HttpStatus.UNAUTHORIZED,
        "insufficient_user_authentication",
        "This resource needs a session with a second factor (one-time code).",
        "step-up-required"),
    CROSS_SITE(
        HttpStatus.FORBIDDEN,
        "cross_site_request",
        "Cross-site request refused.",
        "cross-site-request"),
    COOKIE_TOO_LARGE(
        HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
        "cookie_too_large",
        "The Cookie header is too large.",
        "cookie-too-large"),
    AUTH_UNAVAILABLE(
        HttpStatus.SERVICE_UNAVAILABLE,
        "auth_unavailable",
        "The session cannot be checked right now. Try again shortly.",
        "auth-unavailable"),
    BAD_GATEWAY(
        HttpStatus.BAD_GATEWAY,
        "bad_gateway",
        "The service behind the gateway could not be reached. Try again shortly.",
        "upstream-unreachable"),
    GATEWAY_TIMEOUT(
        HttpStatus.GATEWAY_TIMEOUT,
        "gateway_timeout",
        "The service behind the gateway did not answer in time. Try again shortly.",
        "upstream-timeout"),
    TOO_MANY_REQUESTS(
        HttpStatus.TOO_MANY_REQUESTS,
        "too_many_requests",
        "Too many requests with unknown session tokens. Try again later.",
        "miss-budget"),
    TOKEN_TOO_LARGE(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "token_too_large",
        "The identity token for this route exceeds the configured header budget.",
        "token-too-large"),
    BAD_PATH(HttpStatus.BAD_REQUEST, "bad_path", "The request path is not allowed.", "bad-path");

    final HttpStatus status;
    final String error;
    final String detail;
    final String reason;

    Kind(HttpStatus status, String error, String detail, String reason) {
      this.status = status;
      this.error = error;
      this.detail = detail;
      this.reason = reason;
    }
  }
}
