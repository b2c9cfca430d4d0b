package dev.gatehouse.auth.session;

import java.util.List;

/**
 * The provider session a Gatehouse session came from, and the methods ({@code amr}) it recorded.
 *
 * @param idp the provider session
 * @param amr the session's methods, as stored
 */
public record ProviderOrigin(IdpSession idp, List<String> amr) {

  public ProviderOrigin {
    amr = List.copyOf(amr);
  }
}
