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
 * hashed with the session. Used by the login, MFA, OpenID and step-up responses.
 */
@Component
public final class SessionBindingOffer {

  private final BindingProperties properties;
  private final BindingService service;

  SessionBindingOffer(BindingProperties properties, BindingService service) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(service, "service cannot be null");
    this.properties = properties;
    this.service = service;
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
    return Optional.of(
        "("
            + String.join(" ", properties.algorithms())
            + ");path=\""
            + SessionBinding.REGISTRATION_PATH
            + "\";challenge=\""
            + service.issueChallenge(sid)
            + "\"");
  }

  @Override
  public String toString() {
    return "SessionBindingOffer[enabled=" + properties.enabled() + "]";
  }
}
