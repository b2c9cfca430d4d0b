package dev.gatehouse.protocol;

/**
 * Device Bound Session Credentials (DBSC, W3C WebAppSec draft): the names auth-service and the
 * gateway share. auth-service binds a session to a key the browser holds and issues a short-lived
 * <em>bound credential</em> cookie that the browser renews by proving possession of the key; the
 * gateway sends that cookie's value with each introspection ({@link #INTROSPECTION_PARAMETER}) and
 * reads the answer's {@code binding}, {@code cnf} and {@code bound_until} members.
 */
public final class SessionBinding {

  /**
   * The default name of the bound-credential cookie (auth-service sets it, the gateway reads it).
   */
  public static final String DEFAULT_COOKIE_NAME = "GATEHOUSE_BOUND";

  /**
   * The form parameter of an introspection request that carries the bound credential cookie's
   * value, next to RFC 7662's {@code token}; absent when the request had no such cookie.
   */
  public static final String INTROSPECTION_PARAMETER = "bound_credential";

  /** {@code binding} of a bound session whose presented bound credential is valid. */
  public static final String BOUND = "bound";

  /**
   * {@code binding} of a session bound moments ago whose request carried no bound credential:
   * requests the browser sent while it was registering. Counts as not bound until {@code
   * bound_until} (the end of auth-service's registration grace), then as {@link #UNVERIFIED}.
   */
  public static final String PENDING = "pending";

  /** {@code binding} of a bound session without a valid bound credential in this request. */
  public static final String UNVERIFIED = "unverified";

  /** The login response header that asks a DBSC browser to register a key (draft §8.2). */
  public static final String REGISTRATION_HEADER = "Secure-Session-Registration";

  /** The request header carrying the browser's signed proof ({@code dbsc+jwt}). */
  public static final String RESPONSE_HEADER = "Secure-Session-Response";

  /** The 403 response header with a fresh challenge for a refresh. */
  public static final String CHALLENGE_HEADER = "Secure-Session-Challenge";

  /** The refresh request header naming the DBSC session. */
  public static final String SESSION_ID_HEADER = "Sec-Secure-Session-Id";

  /**
   * The path prefix of auth-service's registration and refresh endpoints (routed by the gateway).
   */
  public static final String PATH_PREFIX = "/session-binding";

  /** Where the browser registers its key. */
  public static final String REGISTRATION_PATH = PATH_PREFIX + "/register";

  /** Where the browser renews the bound credential. */
  public static final String REFRESH_PATH = PATH_PREFIX + "/refresh";

  private SessionBinding() {}
}
