package dev.gatehouse.auth.oidc.logout;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.oidc.OidcIdentities;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.protocol.RevocationEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Carries out an OpenID Connect Back-Channel Logout 1.0 request (§2.6, §2.7): verifies the logout
 * token, then, in one transaction, remembers its {@code jti} and revokes the Gatehouse sessions it
 * names through the normal revocation path ({@link RevocationService}: database, revocation log,
 * audit, then pub/sub to the gateways). A token refused for any reason changes nothing.
 *
 * <p>Which sessions: with a {@code sid}, the live sessions that logins through that provider
 * session created (only those of the user linked to {@code sub} when the token also names one);
 * with a {@code sub} alone, every live session of the Gatehouse user linked to (issuer, {@code
 * sub}), password sessions included: the provider ended the user's whole presence there, which is
 * what "log out everywhere" means. No matching session is no error (§2.8: still 200).
 */
@Component
final class BackChannelLogoutService {

  private final ObjectProvider<ClientRegistrationRepository> registrations;
  private final LogoutTokenVerifier verifier;
  private final LogoutTokenReplayCache replays;
  private final OidcIdentities identities;
  private final RevocationService revocations;
  private final TransactionTemplate transactions;
  private final Clock clock;

  BackChannelLogoutService(
      ObjectProvider<ClientRegistrationRepository> registrations,
      LogoutTokenVerifier verifier,
      LogoutTokenReplayCache replays,
      OidcIdentities identities,
      RevocationService revocations,
      TransactionTemplate transactions,
      Clock clock) {
    Assert.notNull(registrations, "registrations cannot be null");
    Assert.notNull(verifier, "verifier cannot be null");
    Assert.notNull(replays, "replays cannot be null");
    Assert.notNull(identities, "identities cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.registrations = registrations;
    this.verifier = verifier;
    this.replays = replays;
    this.identities = identities;
    this.revocations = revocations;
    this.transactions = transactions;
    this.clock = clock;
  }

  /**
   * Verifies the token sent to registration {@code registrationId} and revokes what it names.
   *
   * @return the sessions revoked, possibly none
   * @throws InvalidLogoutTokenException when the registration is unknown or the token is refused
   * @throws ProviderKeysUnavailableException when the provider's JWKS cannot be fetched
   */
  List<RevocationEvent> logout(String registrationId, String logoutToken) {
    LogoutToken token = verifier.verify(registration(registrationId), logoutToken);
    return Objects.requireNonNull(
        transactions.execute(
            status -> {
              replays.remember(token);
              return revoke(token);
            }));
  }

  private ClientRegistration registration(String registrationId) {
    ClientRegistrationRepository repository = registrations.getIfAvailable();
    ClientRegistration registration =
        repository == null ? null : repository.findByRegistrationId(registrationId);
    if (registration == null) {
      throw new InvalidLogoutTokenException("No client registration of that id");
    }
    return registration;
  }

  private List<RevocationEvent> revoke(LogoutToken token) {
    Actor actor = new Actor("idp:" + token.registrationId(), null);
    String reason = RevocationService.REASON_IDP_LOGOUT;
    Optional<UUID> user =
        token.subject() == null
            ? Optional.empty()
            : identities.findUser(token.issuer(), token.subject());
    if (token.sid() == null) {
      return user.map(id -> revocations.revokeAllForUser(id, actor, AuditAction.IDP_LOGOUT, reason))
          .orElse(List.of());
    }
    if (token.subject() != null && user.isEmpty()) {
      return List.of();
    }
    @Nullable UUID owner = user.orElse(null);
    Instant now = clock.instant();
    List<RevocationEvent> revoked = new ArrayList<>();
    for (UUID sid : identities.findLiveSessions(token.issuer(), token.sid(), now)) {
      Optional<RevocationEvent> event =
          owner == null
              ? revocations.revokeSession(sid, actor, AuditAction.IDP_LOGOUT, reason)
              : revocations.revokeSessionOfUser(sid, owner, actor, AuditAction.IDP_LOGOUT, reason);
      event.ifPresent(revoked::add);
    }
    return List.copyOf(revoked);
  }

  @Override
  public String toString() {
    return "BackChannelLogoutService";
  }
}
