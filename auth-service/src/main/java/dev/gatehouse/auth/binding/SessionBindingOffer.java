package dev.gatehouse.auth.binding;

import dev.gatehouse.protocol.SessionBinding;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The {@code Secure-Session-Registration} header (DBSC draft §8.2, an RFC 9651 list of inner lists)
 * that every response setting a new session cookie carries while binding is enabled: {@code (ES256
 * RS256);path="/session-binding/register";challenge="<c>"}. The path is absolute on the origin (a
 * URL relative to the response's, as the draft allows), the challenge new, single use, stored
 * hashed with the session. Used by the login, MFA, OpenID and step-up responses, and again by the
 * account page while the session is still unbound.
 */
@Component
public final class SessionBindingOffer {

  private final BindingProperties properties;
  private final BindingService service;
  private final BindingRepository repository;

  SessionBindingOffer(
      BindingProperties properties, BindingService service, BindingRepository repository) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(service, "service cannot be null");
    Assert.notNull(repository, "repository cannot be null");
    this.properties = properties;
    this.service = service;
    this.repository = repository;
  }

  /** The header's name. */
  public static String headerName() {
    return SessionBinding.REGISTRATION_HEADER;
  }

  /** The header's value for a session just created; empty while binding is disabled. */
  public Optional<String> registrationHeader(UUID sid) {
    Assert.notNull(sid, "sid cannot be null");
    if (!properties.enabled()) {
      return Optional.empty();
    }
    return service
        .issueChallenge(sid)
        .map(
            challenge ->
                "("
                    + String.join(" ", properties.algorithms())
                    + ");path=\""
                    + SessionBinding.REGISTRATION_PATH
                    + "\";challenge=\""
                    + challenge
                    + "\"");
  }

  /**
   * The header's value for an existing session that is not bound yet (a page such as {@code
   * /account}: the draft lets any response carry the offer); empty when bound or disabled.
   */
  public Optional<String> registrationHeaderIfUnbound(UUID sid) {
    Assert.notNull(sid, "sid cannot be null");
    if (!properties.enabled() || repository.key(sid).isPresent()) {
      return Optional.empty();
    }
    return registrationHeader(sid);
  }

  @Override
  public String toString() {
    return "SessionBindingOffer[enabled=" + properties.enabled() + "]";
  }
}
