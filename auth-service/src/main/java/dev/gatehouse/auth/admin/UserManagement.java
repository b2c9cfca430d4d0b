package dev.gatehouse.auth.admin;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.enrollment.IssuedLink;
import dev.gatehouse.auth.enrollment.LinkPurpose;
import dev.gatehouse.auth.enrollment.OneTimeLinks;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.user.EncodedPassword;
import dev.gatehouse.auth.user.NewAccount;
import dev.gatehouse.auth.user.PasswordPolicy;
import dev.gatehouse.auth.user.PasswordViolation;
import dev.gatehouse.auth.user.UserAccount;
import dev.gatehouse.auth.user.UserDirectory;
import dev.gatehouse.auth.user.UserPage;
import dev.gatehouse.auth.user.UsernameTakenException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * What operators do to accounts, shared by the JSON API and the operator page: create (no password
 * until the enrollment link is used), issue an enrollment or reset link, set a temporary password,
 * change roles (every gateway drops its cached introspections of the user's sessions), delete
 * (sessions revoked, a tombstone keeps the username). Every change and its audit row commit in one
 * transaction. Operators cannot change their own roles or delete themselves (no lock-out).
 */
@Service
final class UserManagement {

  /** Login names: no spaces or control characters, nothing a log or URL would mangle. */
  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}");

  static final int MAX_DISPLAY_NAME = 128;

  private final UserDirectory users;
  private final PasswordPolicy policy;
  private final OneTimeLinks links;
  private final RevocationService revocations;
  private final AuditTrail audit;
  private final TransactionTemplate transactions;
  private final UsersProperties properties;
  private final Clock clock;

  UserManagement(
      UserDirectory users,
      PasswordPolicy policy,
      OneTimeLinks links,
      RevocationService revocations,
      AuditTrail audit,
      TransactionTemplate transactions,
      UsersProperties properties,
      Clock clock) {
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(policy, "policy cannot be null");
    Assert.notNull(links, "links cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(audit, "audit cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.users = users;
    this.policy = policy;
    this.links = links;
    this.revocations = revocations;
    this.audit = audit;
    this.transactions = transactions;
    this.properties = properties;
    this.clock = clock;
  }

  UserPage list(String prefix, int page, int size) {
    return users.search(prefix, page, size);
  }

  Optional<UserAccount> user(String username) {
    return users.findByUsername(username);
  }

  List<String> allowedRoles() {
    return properties.roles();
  }

  /** Creates an account without a password and its enrollment link. */
  Created create(String username, @Nullable String displayName, List<String> roles, Actor actor) {
    if (!USERNAME.matcher(username).matches()) {
      throw new UserChangeException.Invalid(
          "invalid_username",
          "A username is 1 to 64 letters, digits and . _ @ + -, starting with a letter or digit.");
    }
    String name = displayName(displayName);
    List<String> checked = roles(roles);
    if (users.usernameTaken(username)) {
      throw new UserChangeException.Conflict(
          "username_taken", "This username is taken (deleted accounts keep theirs).");
    }
    try {
      return Objects.requireNonNull(
          transactions.execute(
              status -> {
                Instant now = now();
                UUID id = users.create(new NewAccount(username, name, checked, null, false), now);
                audit.record(
                    actor, AuditAction.CREATE_USER, id, List.of(), reason("roles", checked), now);
                IssuedLink link =
                    links.issue(id, LinkPurpose.ENROLLMENT, properties.linkTtl(), actor);
                return new Created(users.findById(id).orElseThrow(), link);
              }));
    } catch (UsernameTakenException ex) {
      throw new UserChangeException.Conflict("username_taken", "This username is taken.");
    }
  }

  /** An enrollment link (no password yet) or a password-reset link. */
  IssuedLink issueLink(String username, Actor actor) {
    UserAccount account = existing(username);
    LinkPurpose purpose = account.hasPassword() ? LinkPurpose.RESET : LinkPurpose.ENROLLMENT;
    return links.issue(account.id(), purpose, properties.linkTtl(), actor);
  }

  /** Sets a password the user must change at the next login; ends all their sessions. */
  int setTemporaryPassword(String username, String password, Actor actor) {
    UserAccount account = existing(username);
    Optional<PasswordViolation> violation = policy.check(account.username(), password);
    if (violation.isPresent()) {
      throw new UserChangeException.Invalid(violation.get().error(), violation.get().message());
    }
    EncodedPassword encoded = users.encode(password);
    return Objects.requireNonNull(
        transactions.execute(
            status -> {
              if (!users.setPassword(account.id(), encoded, true)) {
                throw notFound();
              }
              return revocations
                  .revokeAllForUser(
                      account.id(), actor, AuditAction.SET_TEMPORARY_PASSWORD, "temporary-password")
                  .size();
            }));
  }

  /**
   * Replaces the roles; every gateway drops its cached introspections of the user's live sessions
   * (a "changed" entry per session). Returns the account and how many sessions were told.
   */
  RolesChanged changeRoles(String username, List<String> roles, Actor actor) {
    UserAccount account = existing(username);
    refuseSelf(
        account, actor, "cannot_change_own_roles", "Operators cannot change their own roles.");
    List<String> checked = roles(roles);
    return Objects.requireNonNull(
        transactions.execute(
            status -> {
              if (!users.replaceRoles(account.id(), checked)) {
                throw notFound();
              }
              Instant now = now();
              audit.record(
                  actor,
                  AuditAction.CHANGE_ROLES,
                  account.id(),
                  List.of(),
                  reason("roles", checked),
                  now);
              int told =
                  revocations.announceAccountChanged(account.id(), actor, "roles-changed").size();
              return new RolesChanged(users.findById(account.id()).orElseThrow(), told);
            }));
  }

  /** Deletes the account: sessions revoked, links ended, a tombstone keeps the name. */
  int delete(String username, Actor actor) {
    UserAccount account = existing(username);
    refuseSelf(account, actor, "cannot_delete_self", "Operators cannot delete their own account.");
    return Objects.requireNonNull(
        transactions.execute(
            status -> {
              // Sessions first, while the row still names its user for the audit entry.
              int revoked =
                  revocations
                      .revokeAllForUser(
                          account.id(), actor, AuditAction.DELETE_USER, "user-deleted")
                      .size();
              links.invalidateAll(account.id());
              if (!users.delete(account.id(), now())) {
                throw notFound();
              }
              return revoked;
            }));
  }

  private UserAccount existing(String username) {
    return users.findByUsername(username).orElseThrow(UserManagement::notFound);
  }

  private static void refuseSelf(UserAccount account, Actor actor, String error, String detail) {
    if (account.id().toString().equals(actor.id())) {
      throw new UserChangeException.Conflict(error, detail);
    }
  }

  private List<String> roles(List<String> requested) {
    TreeSet<String> checked = new TreeSet<>();
    for (String role : requested) {
      String name = (role == null) ? "" : role.strip();
      if (!properties.roles().contains(name)) {
        throw new UserChangeException.Invalid(
            "invalid_role", "Roles must be among " + String.join(", ", properties.roles()) + ".");
      }
      checked.add(name);
    }
    return List.copyOf(checked);
  }

  private static @Nullable String displayName(@Nullable String displayName) {
    if (displayName == null || displayName.isBlank()) {
      return null;
    }
    String name = displayName.strip();
    if (name.length() > MAX_DISPLAY_NAME || name.chars().anyMatch(Character::isISOControl)) {
      throw new UserChangeException.Invalid(
          "invalid_display_name",
          "A display name is at most " + MAX_DISPLAY_NAME + " characters, no control characters.");
    }
    return name;
  }

  /** The audit reason column is 64 characters wide. */
  private static String reason(String label, List<String> roles) {
    String reason = label + "=" + String.join(",", roles);
    return reason.length() <= 64 ? reason : reason.substring(0, 64);
  }

  private static UserChangeException.NotFound notFound() {
    return new UserChangeException.NotFound();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /** A created account and its enrollment link. */
  record Created(UserAccount account, IssuedLink link) {}

  /**
   * Roles changed.
   *
   * @param sessionsTold live sessions whose cached introspections every gateway drops
   */
  record RolesChanged(UserAccount account, int sessionsTold) {}
}
