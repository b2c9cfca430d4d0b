package dev.gatehouse.auth.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.gatehouse.auth.AbstractIntegrationTests;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit trail is written with every revocation, inside the revocation's transaction. */
class AuditTrailIntegrationTests extends AbstractIntegrationTests {

  @Autowired private AuditTrail audit;
  @Autowired private TransactionTemplate transactions;

  @Test
  void logoutWhenGatewayJwtThenAuditedAsLogoutByTheUser() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);

    assertThat(
            mvc.post()
                .uri("/logout")
                .header(HttpHeaders.AUTHORIZATION, bearer(user, session, "user")))
        .hasStatus(HttpStatus.NO_CONTENT);

    AuditEntry entry = audit.page(user.username(), 0, 10).items().get(0);
    assertThat(entry.action()).isEqualTo(AuditAction.LOGOUT);
    assertThat(entry.actor()).isEqualTo(new Actor(user.id().toString(), user.username()));
    assertThat(entry.sids()).containsExactly(session.sid());
    assertThat(entry.reason()).isEqualTo("logout");
  }

  @Test
  void loginWhenOldCookiePresentedThenReplacementAudited() {
    TestUser user = createUser("user");
    LoggedIn old = login(user);

    assertThat(
            mvc.post()
                .uri("/login")
                .cookie(new jakarta.servlet.http.Cookie("GATEHOUSE_SESSION", old.token()))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content(
                    "{\"username\":\"%s\",\"password\":\"%s\"}"
                        .formatted(user.username(), user.password())))
        .hasStatus(HttpStatus.OK);

    AuditEntry entry = audit.page(user.username(), 0, 10).items().get(0);
    assertThat(entry.action()).isEqualTo(AuditAction.SESSION_REPLACED);
    assertThat(entry.sids()).containsExactly(old.sid());
  }

  @Test
  void recordWhenNoTransactionThenRefused() {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                audit.record(
                    Actor.of("test"),
                    AuditAction.END_SESSION,
                    null,
                    List.of(),
                    "admin",
                    clock.instant()));
  }

  @Test
  void recordWhenTransactionRollsBackThenNoEntry() {
    TestUser user = createUser("user");

    try {
      transactions.executeWithoutResult(
          status -> {
            audit.record(
                Actor.of("test"),
                AuditAction.END_SESSION,
                user.id(),
                List.of(UUID.randomUUID()),
                "admin",
                clock.instant());
            status.setRollbackOnly();
          });
    } catch (RuntimeException ignored) {
      // not expected; the assertion below says what matters
    }

    assertThat(audit.page(user.username(), 0, 10).total()).isZero();
  }
}
