package dev.gatehouse.auth.binding;

import dev.gatehouse.auth.session.ActiveSession;
import dev.gatehouse.protocol.IntrospectionResponse;
import dev.gatehouse.protocol.SessionBinding;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * The binding members of an introspection answer (RFC 7662 §2.2 allows extensions): for a bound
 * session {@code binding} {@value SessionBinding#BOUND} with {@code cnf.jkt} (RFC 7800) and {@code
 * bound_until} when the presented bound credential is one of the session's unexpired ones, else
 * {@value SessionBinding#UNVERIFIED}; nothing for a session that is not bound. An unbound session
 * costs no query (its key thumbprint comes with the session row), a bound one a primary-key lookup.
 */
@Component
public final class BoundCredentials {

  private final BindingRepository repository;
  private final Clock clock;

  BoundCredentials(BindingRepository repository, Clock clock) {
    Assert.notNull(repository, "repository cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.repository = repository;
    this.clock = clock;
  }

  /** {@code answer} with the binding members of {@code session} and {@code credential}. */
  public IntrospectionResponse withBinding(
      IntrospectionResponse answer, ActiveSession session, @Nullable String credential) {
    String jkt = session.bindingJkt();
    if (jkt == null) {
      return answer;
    }
    Optional<Instant> until =
        (credential == null || !BindingSecrets.wellFormed(credential))
            ? Optional.empty()
            : repository.credentialExpiry(
                BindingSecrets.sha256Hex(credential), session.sid(), clock.instant());
    return until
        .map(
            expiry ->
                answer.withBinding(
                    SessionBinding.BOUND,
                    new IntrospectionResponse.Confirmation(jkt),
                    expiry.getEpochSecond()))
        .orElseGet(() -> answer.withBinding(SessionBinding.UNVERIFIED, null, null));
  }
}
