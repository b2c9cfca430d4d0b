package dev.gatehouse.auth.enrollment;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.enrollment.OneTimeLinkRepository.Link;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.user.EncodedPassword;
import dev.gatehouse.auth.user.PasswordPolicy;
import dev.gatehouse.auth.user.PasswordViolation;
import dev.gatehouse.auth.user.UserAccount;
import dev.gatehouse.auth.user.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * One-time links that let a user set a password: the first admin's setup link, an enrollment link
 * for an account an operator created, a password-reset link. Single use, stored as a SHA-256 hash,
 * expiring; issuing one ends the user's earlier unused links. Using one sets the password, ends
 * every session of the user through the revocation path and writes the audit row, in one
 * transaction.
 */
@Service
public final class OneTimeLinks {

  private final OneTimeLinkRepository links;
  private final UserDirectory users;
  private final PasswordPolicy policy;
  private final RevocationService revocations;
  private final AuditTrail audit;
  private final TransactionTemplate transactions;
  private final LinkUrls urls;
  private final Clock clock;

  OneTimeLinks(
      OneTimeLinkRepository links,
      UserDirectory users,
      PasswordPolicy policy,
      RevocationService revocations,
      AuditTrail audit,
      TransactionTemplate transactions,
      LinkUrls urls,
      Clock clock) {
    Assert.notNull(links, "links cannot be null");
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(policy, "policy cannot be null");
    Assert.notNull(revocations, "revocations cannot be null");
    Assert.notNull(audit, "audit cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    Assert.notNull(urls, "urls cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    this.links = links;
    this.users = users;
    this.policy = policy;
    this.revocations = revocations;
    this.audit = audit;
    this.transactions = transactions;
    this.urls = urls;
    this.clock = clock;
  }

  /**
   * Issues a link for the user, in the caller's transaction (or a new one), audited as {@link
   * AuditAction#ISSUE_LINK} with the purpose as reason. Earlier unused links of the user stop
   * working.
   */
  public IssuedLink issue(UUID userId, LinkPurpose purpose, Duration ttl, Actor actor) {
    Assert.notNull(userId, "userId cannot be null");
    Assert.notNull(purpose, "purpose cannot be null");
    Assert.isTrue(!ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
    Assert.notNull(actor, "actor cannot be null");
    return Objects.requireNonNull(
        transactions.execute(
            status -> {
              Instant now = now();
              LinkToken token = LinkToken.random();
              links.invalidateAll(userId, now);
              Instant expiresAt = now.plus(ttl);
              links.insert(token.hash(), purpose, userId, now, expiresAt);
              audit.record(actor, AuditAction.ISSUE_LINK, userId, List.of(), purpose.value(), now);
              return new IssuedLink(userId, purpose, urls.of(token), expiresAt);
            }));
  }

  /** Ends every unused link of the user (deletion), in the caller's transaction. */
  public void invalidateAll(UUID userId) {
    Assert.notNull(userId, "userId cannot be null");
    links.invalidateAll(userId, now());
  }

  /** Whether the user has a link of this purpose that still works. */
  boolean hasUsable(UUID userId, LinkPurpose purpose) {
    return links.hasUsable(userId, purpose, now());
  }

  /** The account a usable link sets the password of, to render its form; empty otherwise. */
  public Optional<LinkTarget> find(String token) {
    Assert.notNull(token, "token cannot be null");
    if (!plausible(token)) {
      return Optional.empty();
    }
    return links
        .findUsable(new LinkToken(token).hash(), now())
        .flatMap(link -> users.findById(link.userId()).map(user -> target(link, user)));
  }

  /**
   * Sets the password with a link: checked by the policy first, then the link is used (at most
   * once, even when two requests race), the password set, every session of the user ended, all in
   * one transaction.
   */
  public Redemption redeem(String token, String password) {
    Assert.notNull(token, "token cannot be null");
    Assert.notNull(password, "password cannot be null");
    Optional<LinkTarget> target = find(token);
    if (target.isEmpty()) {
      return new Redemption.Invalid();
    }
    Optional<PasswordViolation> violation = policy.check(target.get().username(), password);
    if (violation.isPresent()) {
      return new Redemption.Refused(target.get(), violation.get());
    }
    EncodedPassword encoded = users.encode(password);
    String hash = new LinkToken(token).hash();
    return Objects.requireNonNull(
        transactions.execute(
            status -> {
              Instant now = now();
              Optional<Link> link = links.lockUsable(hash, now);
              if (link.isEmpty() || !users.setPassword(link.get().userId(), encoded, false)) {
                return new Redemption.Invalid();
              }
              UUID userId = link.get().userId();
              links.invalidateAll(userId, now);
              revocations.revokeAllForUser(
                  userId,
                  new Actor(userId.toString(), target.get().username()),
                  AuditAction.USE_LINK,
                  link.get().purpose().value());
              return new Redemption.Done(target.get());
            }));
  }

  private static boolean plausible(String token) {
    return !token.isBlank() && token.length() <= LinkToken.MAX_LENGTH;
  }

  private static LinkTarget target(Link link, UserAccount user) {
    return new LinkTarget(link.purpose(), user.id(), user.username(), user.displayName());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * The account a link is for.
   *
   * @param displayName shown on the form, when set
   */
  public record LinkTarget(
      LinkPurpose purpose, UUID userId, String username, @Nullable String displayName) {}

  /** What using a link did. */
  public sealed interface Redemption {

    /** The password is set; the user logs in with it. */
    record Done(LinkTarget target) implements Redemption {}

    /** The new password was refused; the link still works. */
    record Refused(LinkTarget target, PasswordViolation violation) implements Redemption {}

    /** Unknown, expired or used link (not told apart). */
    record Invalid() implements Redemption {}
  }
}
