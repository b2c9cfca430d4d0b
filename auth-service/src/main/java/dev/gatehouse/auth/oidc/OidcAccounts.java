package dev.gatehouse.auth.oidc;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.user.NewAccount;
import dev.gatehouse.auth.user.UserAccount;
import dev.gatehouse.auth.user.UserDirectory;
import dev.gatehouse.auth.user.UsernameTakenException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * The Gatehouse account of an identity a provider vouched for (its ID token already validated):
 * linked by (issuer, {@code sub}), never by username or e-mail, which a provider may reassign or
 * let users choose. A first login creates the account when the registration has {@code
 * auto-provision}; a username already taken (by a local account, a deleted one, or another
 * provider's) refuses the login rather than linking it. A disabled or deleted account is refused
 * whatever the provider says. With a role mapping the roles follow the provider's groups at every
 * login, and a change is announced to every gateway like an operator's. Each change has its audit
 * row, written in its transaction; the actor is {@code oidc:<registrationId>}.
 */
@Service
public final class OidcAccounts {

  private static final Logger log = LoggerFactory.getLogger(OidcAccounts.class);

  /** As operators' usernames (UserManagement): what the login form, JWTs and backends accept. */
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");

  private static final int MAX_DISPLAY_NAME = 128;
  private static final int MAX_REASON = 64;

  private final UserDirectory users;
  private final OidcIdentities identities;
  private final AuditTrail audit;
  private final RevocationService revocations;
  private final OidcProperties properties;
  private final TransactionTemplate transactions;
  private final Clock clock;

  OidcAccounts(
      UserDirectory users,
      OidcIdentities identities,
      AuditTrail audit,
      RevocationService revocations,
      OidcProperties properties,
      TransactionTemplate transactions,
      Clock clock) {
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(identities, "identities cannot be null");
    Assert.notNull(audit, "audit cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.users = users;
    this.identities = identities;
    this.audit = audit;
    this.revocations = revocations;
    this.properties = properties;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** What became of a provider login. */
  public sealed interface Resolution {

    /** The account to create the session for. */
    record Linked(UserAccount account, boolean provisioned) implements Resolution {}

    /** Not linked, and this registration creates no accounts. */
    record NoAccount() implements Resolution {}

    /** Not linked, and the username the provider gives is taken (never linked silently). */
    record UsernameTaken(String username) implements Resolution {}

    /** Not linked, and the provider gives no usable username. */
    record NoUsername(String claim) implements Resolution {}

    /** Linked to an account that is disabled or deleted. */
    record Refused() implements Resolution {}
  }

  /**
   * The account for {@code user}, who logged in through the registration {@code registrationId}.
   */
  public Resolution resolve(String registrationId, OidcUser user) {
    Assert.hasText(registrationId, "registrationId cannot be empty");
    Assert.notNull(user, "user cannot be null");
    OidcProperties.Provider provider = properties.provider(registrationId);
    String issuer = user.getIdToken().getIssuer().toString();
    String subject = user.getIdToken().getSubject();
    Actor actor = Actor.of("oidc:" + registrationId);
    return Objects.requireNonNull(
        transactions.execute(
            status ->
                identities
                    .findUser(issuer, subject)
                    .map(id -> existing(id, provider, user, actor, issuer, subject))
                    .orElseGet(
                        () -> provision(registrationId, provider, user, actor, issuer, subject))));
  }

  private Resolution existing(
      UUID id,
      OidcProperties.Provider provider,
      OidcUser user,
      Actor actor,
      String issuer,
      String subject) {
    Optional<UserAccount> account = users.findById(id).filter(UserAccount::enabled);
    if (account.isEmpty()) {
      log.info("OIDC login refused: user={} is disabled or deleted", id);
      return new Resolution.Refused();
    }
    Instant now = clock.instant();
    identities.recordLogin(issuer, subject, now);
    UserAccount current = account.get();
    if (provider.managesRoles()) {
      List<String> roles = RoleMapping.roles(provider, user.getClaims());
      if (!roles.equals(current.roles())) {
        users.replaceRoles(id, roles);
        audit.record(actor, AuditAction.OIDC_ROLES, id, List.of(), reason("roles=", roles), now);
        revocations.announceAccountChanged(id, actor, "roles-changed");
        current = users.findById(id).orElseThrow();
      }
    }
    return new Resolution.Linked(current, false);
  }

  private Resolution provision(
      String registrationId,
      OidcProperties.Provider provider,
      OidcUser user,
      Actor actor,
      String issuer,
      String subject) {
    if (!provider.autoProvision()) {
      log.info("OIDC login of an identity not linked to any account ({})", registrationId);
      return new Resolution.NoAccount();
    }
    String username = claim(user, provider.usernameClaim());
    if (username == null || !USERNAME.matcher(username).matches()) {
      return new Resolution.NoUsername(provider.usernameClaim());
    }
    if (users.usernameTaken(username)) {
      log.info("OIDC provisioning refused: username taken ({})", registrationId);
      return new Resolution.UsernameTaken(username);
    }
    List<String> roles =
        provider.managesRoles()
            ? RoleMapping.roles(provider, user.getClaims())
            : provider.defaultRoles();
    Instant now = clock.instant();
    UUID id;
    try {
      id =
          users.create(
              new NewAccount(username, displayName(user, provider), roles, null, false), now);
    } catch (UsernameTakenException ex) {
      return new Resolution.UsernameTaken(username);
    }
    identities.link(issuer, subject, id, registrationId, now);
    audit.record(actor, AuditAction.OIDC_PROVISION, id, List.of(), reason("roles=", roles), now);
    audit.record(
        actor,
        AuditAction.OIDC_LINK,
        id,
        List.of(),
        truncate("registration=" + registrationId),
        now);
    log.info("OIDC provisioned user={} ({})", id, registrationId);
    return new Resolution.Linked(users.findById(id).orElseThrow(), true);
  }

  private static @Nullable String displayName(OidcUser user, OidcProperties.Provider provider) {
    String name = claim(user, provider.displayNameClaim());
    if (name == null || name.isBlank()) {
      return null;
    }
    String stripped = name.strip();
    return stripped.length() <= MAX_DISPLAY_NAME
        ? stripped
        : stripped.substring(0, MAX_DISPLAY_NAME);
  }

  private static @Nullable String claim(OidcUser user, String name) {
    return (user.getClaims().get(name) instanceof String value) ? value : null;
  }

  private static String reason(String label, List<String> roles) {
    return truncate(label + String.join(",", roles));
  }

  private static String truncate(String reason) {
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
  }
}
