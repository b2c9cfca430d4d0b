package dev.gatehouse.auth.user;

import dev.gatehouse.auth.mfa.MfaService;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Creates the demo users, or resets their passwords and roles, on every start: a persistent H2 file
 * database keeps working across restarts with the passwords printed this time. Runs before the web
 * server accepts requests, so a client that sees the service up can log in.
 *
 * <p>The banner prints generated passwords: the one place secrets reach a log, because it is the
 * demo and there is no other way to learn them. Configured passwords are not printed.
 */
@Component
@ConditionalOnBooleanProperty("gatehouse.demo.enabled")
final class DemoUsers implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DemoProperties properties;
  private final UserRepository users;
  private final PasswordEncoder passwordEncoder;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final MfaService mfa;

  DemoUsers(
      MfaService mfa,
      DemoProperties properties,
      UserRepository users,
      PasswordEncoder passwordEncoder,
      TransactionTemplate transactions,
      Clock clock) {
    Assert.notNull(properties, "properties cannot be null");
    Assert.notNull(users, "users cannot be null");
    Assert.notNull(passwordEncoder, "passwordEncoder cannot be null");
    Assert.notNull(transactions, "transactions cannot be null");
    Assert.notNull(clock, "clock cannot be null");
    Assert.notNull(mfa, "mfa cannot be null");
    this.mfa = mfa;
    this.properties = properties;
    this.users = users;
    this.passwordEncoder = passwordEncoder;
    this.transactions = transactions;
    this.clock = clock;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Password alice = password(properties.alicePassword());
    Password admin = password(properties.adminPassword());
    String aliceHash = Objects.requireNonNull(passwordEncoder.encode(alice.value()));
    String adminHash = Objects.requireNonNull(passwordEncoder.encode(admin.value()));
    boolean totpGenerated = !StringUtils.hasText(properties.adminTotpSecret());
    String totpSecret = totpGenerated ? MfaService.randomSecret() : properties.adminTotpSecret();
    transactions.executeWithoutResult(
        status -> {
          users.upsert("alice", aliceHash, List.of("user"), clock.instant());
          UUID adminId =
              users.upsert("admin", adminHash, List.of("user", "admin"), clock.instant());
          mfa.enrollWithSecret(adminId, totpSecret);
        });
    log.warn(
        """

        ================================================================
         Gatehouse DEMO USERS (gatehouse.demo.enabled=true; never in production)
           alice / {}    roles: user
           admin / {}    roles: user, admin
                 TOTP secret (authenticator app): {}
        ================================================================""",
        alice.printable(),
        admin.printable(),
        totpGenerated ? totpSecret : "(configured secret)");
  }

  private static Password password(@Nullable String configured) {
    if (StringUtils.hasText(configured)) {
      return new Password(configured, false);
    }
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    return new Password(Base64.getUrlEncoder().withoutPadding().encodeToString(random), true);
  }

  private record Password(String value, boolean generated) {

    String printable() {
      return generated ? value : "(configured password)";
    }

    @Override
    public String toString() {
      return "Password[generated=" + generated + "]";
    }
  }
}
