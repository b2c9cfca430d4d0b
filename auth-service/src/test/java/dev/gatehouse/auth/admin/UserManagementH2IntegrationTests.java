package dev.gatehouse.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.enrollment.OneTimeLinks;
import dev.gatehouse.auth.user.UserAuthenticator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The account lifecycle on the embedded profile's database, H2 in PostgreSQL mode: every statement
 * of user management, links and "changed" entries must run there too.
 */
@SpringBootTest(
    properties = {
      "spring.datasource.url=jdbc:h2:mem:gatehouse-accounts-h2;MODE=PostgreSQL;"
          + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
      "gatehouse.introspection.client-secret=h2-secret",
      "gatehouse.token.issuer=https://gateway.invalid"
    })
class UserManagementH2IntegrationTests {

  private static final Actor OPERATOR = Actor.of("h2-operator");
  private static final String PASSWORD = "a passphrase for h2 only";

  @Autowired private UserManagement management;
  @Autowired private OneTimeLinks links;
  @Autowired private UserAuthenticator authenticator;
  @Autowired private JdbcClient jdbc;

  @Test
  void lifecycleWhenH2ThenCreateEnrollListChangeRolesAndDeleteWork() {
    String prefix = "h2_" + UUID.randomUUID().toString().substring(0, 6);
    UserManagement.Created created =
        management.create(prefix + "a", "H2 User", List.of("user", "admin"), OPERATOR);
    management.create(prefix.replace("_", "-") + "b", null, List.of("user"), OPERATOR);
    String token = created.link().url().substring(created.link().url().indexOf("token=") + 6);

    assertThat(links.redeem(token, PASSWORD)).isInstanceOf(OneTimeLinks.Redemption.Done.class);
    assertThat(authenticator.authenticate(prefix + "a", PASSWORD)).isPresent();
    assertThat(management.list(prefix, 0, 10).items())
        .extracting(account -> account.username())
        .containsExactly(prefix + "a");

    jdbc.sql(
            "INSERT INTO sessions (sid, token_hash, user_id, created_at, last_seen_at, expires_at)"
                + " VALUES (?, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,"
                + " DATEADD('HOUR', 1, CURRENT_TIMESTAMP))")
        .params(UUID.randomUUID(), UUID.randomUUID().toString(), created.account().id())
        .update();
    assertThat(management.changeRoles(prefix + "a", List.of("user"), OPERATOR).sessionsTold())
        .isEqualTo(1);
    assertThat(
            jdbc.sql("SELECT kind FROM revocation_log WHERE user_id = ?")
                .param(created.account().id())
                .query(String.class)
                .list())
        .containsExactly("changed");

    assertThat(management.delete(prefix + "a", OPERATOR)).isEqualTo(1);
    assertThat(management.user(prefix + "a")).isEmpty();
    assertThat(authenticator.authenticate(prefix + "a", PASSWORD)).isEmpty();
  }
}
