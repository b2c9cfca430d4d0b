package dev.gatehouse.gateway.session;

/** What the gateway found in a request when it looked for a session token. */
public sealed interface CredentialResolution {

  /** No session cookie and no bearer token: an anonymous request. */
  record Absent() implements CredentialResolution {}

  /**
   * Something that cannot be a session token (wrong length or charset, several session cookies, a
   * bearer value that is no session token, a token whose check value fails: {@code forged-token}).
   * Refused without a network call.
   *
   * @param reason a short reason id for logs and metrics, never the value
   */
  record Malformed(String reason) implements CredentialResolution {}

  /** The {@code Cookie} header is larger than the configured limit: answered 431. */
  record Oversized() implements CredentialResolution {}

  /** A well-formed token, still to be introspected. */
  record Found(SessionCredential credential) implements CredentialResolution {}
}
