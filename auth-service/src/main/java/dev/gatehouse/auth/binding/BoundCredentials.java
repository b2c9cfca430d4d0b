package dev.gatehouse.auth.binding;

import dev.gatehouse.auth.session.ActiveSession;
import dev.gatehouse.protocol.IntrospectionResponse;
import dev.gatehouse.protocol.SessionBinding;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>A request with <em>no</em> bound credential within {@code
 * gatehouse.binding.registration-grace} of the registration is {@value SessionBinding#PENDING}
 * until the grace ends: Chromium registers in the background after the login response and does not
 * hold the page's own requests meanwhile, so the first page load's requests arrive without the
 * cookie the registration is about to set. Refusing them would break every login; the grace is the
 * whole extra window a copied cookie gets.
 */
@Component
public final class BoundCredentials {

  private final BindingRepository repository;
  private final Clock clock;
  private final Duration registrationGrace;

  BoundCredentials(BindingRepository repository, Clock clock, BindingProperties properties) {
    Assert.notNull(repository, "repository cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.repository = repository;
    this.clock = clock;
    this.registrationGrace = properties.registrationGrace();
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
        .orElseGet(
            () ->
                credential == null
                    ? pending(answer, session)
                    : answer.withBinding(SessionBinding.UNVERIFIED, null, null));
  }

  private IntrospectionResponse pending(IntrospectionResponse answer, ActiveSession session) {
    Instant now = clock.instant();
    return repository
        .boundAt(session.sid())
        .map(boundAt -> boundAt.plus(registrationGrace))
        .filter(graceEnd -> now.isBefore(graceEnd))
        .map(
            graceEnd -> answer.withBinding(SessionBinding.PENDING, null, graceEnd.getEpochSecond()))
        .orElseGet(() -> answer.withBinding(SessionBinding.UNVERIFIED, null, null));
  }
}
