package dev.gatehouse.auth.enrollment;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.user.EncodedPassword;
import dev.gatehouse.auth.user.NewAccount;
import dev.gatehouse.auth.user.PasswordPolicy;
import dev.gatehouse.auth.user.PasswordViolation;
import dev.gatehouse.auth.user.UserAccount;
import dev.gatehouse.auth.user.UserDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * Creates the first admin ({@link BootstrapProperties}) before the web server accepts requests, and
 * only on a database whose {@code users} table is empty. Every instance first locks the single row
 * of {@code account_bootstrap_lock} (PostgreSQL and H2 alike), so instances starting at once on one
 * database bootstrap one after the other: the first creates the admin, the others find a user and
 * leave the database alone, and so does every restart.
 *
 * <p>Without a password file the admin is created without a password, and a one-time setup link is
 * written to the log once. A restart while the admin still has no password and the link expired
 * writes a new one (nobody could ever log in otherwise).
 */
@Component
@ConditionalOnProperty("gatehouse.bootstrap.admin-username")
final class BootstrapAdmin implements SmartInitializingSingleton {

  static final List<String> ROLES = List.of("admin", "user");

  static final Actor ACTOR = Actor.of("bootstrap");

  private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

  private final BootstrapProperties properties;
  private final UserDirectory users;
  private final PasswordPolicy policy;
  private final OneTimeLinks links;
  private final OneTimeLinkRepository repository;
  private final AuditTrail audit;
  private final TransactionTemplate transactions;
  private final Clock clock;

  BootstrapAdmin(
      BootstrapProperties properties,
      UserDirectory users,
      PasswordPolicy policy,
      OneTimeLinks links,
      OneTimeLinkRepository repository,
      AuditTrail audit,
      TransactionTemplate transactions,
      Clock clock) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(policy, "policy cannot be null");
    Assert.notNull(links, "links cannot be null");
    Assert.notNull(repository, "repository cannot be null");
    Assert.notNull(audit, "audit cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.properties = properties;
    this.users = users;
    this.policy = policy;
    this.links = links;
    this.repository = repository;
    this.audit = audit;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Override
  public void afterSingletonsInstantiated() {
    run();
  }

  /** What this start did; also called by tests (several at once). */
  Outcome run() {
    String username = Objects.requireNonNull(properties.adminUsername()).strip();
    if (username.isEmpty()) {
      throw new IllegalStateException("gatehouse.bootstrap.admin-username is empty");
    }
    // Read, checked and hashed before the lock: a bad file fails every start, also on a database
    // that already has users, so a broken secret is noticed at once.
    EncodedPassword password = passwordFromFile(username);
    Result result =
        Objects.requireNonNull(transactions.execute(status -> bootstrap(username, password)));
    if (result.link() != null) {
      logSetupLink(username, result.link());
    } else if (result.outcome() == Outcome.CREATED) {
      log.info("Created the first admin {} with the password from its file", username);
    } else {
      log.info("Bootstrap of the first admin skipped: the users table is not empty");
    }
    return result.outcome();
  }

  private Result bootstrap(String username, @Nullable EncodedPassword password) {
    repository.lockBootstrap();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (users.countAll() > 0) {
      return pendingAdminLink(username);
    }
    var created =
        users.create(new NewAccount(username, "Administrator", ROLES, password, false), now);
    audit.record(ACTOR, AuditAction.BOOTSTRAP_ADMIN, created, List.of(), "bootstrap", now);
    if (password != null) {
      return new Result(Outcome.CREATED, null);
    }
    return new Result(
        Outcome.CREATED, links.issue(created, LinkPurpose.SETUP, properties.setupLinkTtl(), ACTOR));
  }

  /** The admin created without a password, whose setup link expired unused: a new link. */
  private Result pendingAdminLink(String username) {
    Optional<UserAccount> admin = users.findByUsername(username);
    if (users.countAll() != 1
        || admin.isEmpty()
        || admin.get().hasPassword()
        || links.hasUsable(admin.get().id(), LinkPurpose.SETUP)) {
      return new Result(Outcome.SKIPPED, null);
    }
    return new Result(
        Outcome.NEW_SETUP_LINK,
        links.issue(admin.get().id(), LinkPurpose.SETUP, properties.setupLinkTtl(), ACTOR));
  }

  private @Nullable EncodedPassword passwordFromFile(String username) {
    Path file = properties.adminPasswordFile();
    if (file == null) {
      return null;
    }
    String password;
    try {
      password = trimLineBreak(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException ex) {
      throw new IllegalStateException(
          "gatehouse.bootstrap.admin-password-file: cannot read " + file + " (" + ex + ")", ex);
    }
    Optional<PasswordViolation> violation = policy.check(username, password);
    if (violation.isPresent()) {
      throw new IllegalStateException(
          "gatehouse.bootstrap.admin-password-file: the password in "
              + file
              + " is refused by the password policy ("
              + violation.get().error()
              + "): "
              + violation.get().message());
    }
    return users.encode(password);
  }

  /**
   * One trailing line break, as {@code echo} and editors add to secret files, is not part of it.
   */
  static String trimLineBreak(String content) {
    if (content.endsWith("\r\n")) {
      return content.substring(0, content.length() - 2);
    }
    if (content.endsWith("\n")) {
      return content.substring(0, content.length() - 1);
    }
    return content;
  }

  private void logSetupLink(String username, IssuedLink link) {
    // The one secret this service ever writes to a log, on purpose: without a password file the
    // log is the only channel to the operator who started the first instance. The link works once,
    // only for the minutes of gatehouse.bootstrap.setup-link-ttl, only while the admin has no
    // password, and only its hash is stored.
    log.warn(
        """

        ================================================================
         Gatehouse FIRST ADMIN: set the password of "{}" at
           {}
         This link works once, until {} (gatehouse.bootstrap.setup-link-ttl).
         Or set gatehouse.bootstrap.admin-password-file instead.
        ================================================================""",
        username,
        link.url(),
        link.expiresAt());
  }

  /** What a start did. */
  enum Outcome {
    CREATED,
    NEW_SETUP_LINK,
    SKIPPED
  }

  private record Result(Outcome outcome, @Nullable IssuedLink link) {}
}
