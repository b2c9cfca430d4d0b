package dev.gatehouse.auth.oidc.logout;

/**
 * The provider's JWKS could not be fetched, so a logout token could be neither accepted nor
 * refused: a service failure (503, the provider may retry), not a bad token.
 */
final class ProviderKeysUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ProviderKeysUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
