package dev.gatehouse.gateway.token;

/**
 * The minted token would not fit the configured header budget ({@code gatehouse.token.max-header-
 * bytes}); it is not sent, rather than have the upstream reject or truncate the request.
 */
public final class TokenTooLargeException extends RuntimeException {

  TokenTooLargeException(String audience, int bytes, int budget) {
    super(
        "the internal token for audience '"
            + audience
            + "' needs "
            + bytes
            + " header bytes, over the budget of "
            + budget
            + "; limit the route's gatehouse.claims or raise gatehouse.token.max-header-bytes");
  }
}
