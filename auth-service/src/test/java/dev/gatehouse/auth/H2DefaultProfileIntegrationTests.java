package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.audit.AuditAction;
import dev.gatehouse.auth.audit.AuditEntry;
import dev.gatehouse.auth.audit.AuditPage;
import dev.gatehouse.auth.audit.AuditTrail;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.auth.session.SessionDirectory;
import dev.gatehouse.auth.session.SessionInfo;
import dev.gatehouse.auth.session.SessionPage;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The default profile's database, H2 in PostgreSQL mode (in memory here instead of the file), with
 * the demo users on: the migrations and every SQL statement must run there too.
 */
@SpringBootTest(
    properties = {
      "spring.datasource.url=jdbc:h2:mem:gatehouse-h2;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
          + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
      "gatehouse.introspection.client-secret=h2-secret",
      "gatehouse.demo.enabled=true",
      "gatehouse.demo.alice-password=alice-demo-password"
    })
@AutoConfigureMockMvc
class H2DefaultProfileIntegrationTests {

  @Autowired private MockMvcTester mvc;
  @Autowired private JdbcClient jdbc;
  @Autowired private RevocationService revocations;
  @Autowired private ApplicationContext context;
  @Autowired private SessionDirectory sessions;
  @Autowired private AuditTrail audit;

  @Test
  void migrationsWhenH2ThenApplied() {
    assertThat(
            jdbc.sql(
                    "SELECT version FROM \"flyway_schema_history\" WHERE success ORDER BY installed_rank")
                .query(String.class)
                .list())
        .contains("1", "2");
    assertThat(jdbc.sql("SELECT last_seq FROM revocation_counter").query(Long.class).list())
        .hasSize(1);
  }

  /** No {@code gatehouse.metrics.scrape-password} here: nobody can scrape, not even the gateway. */
  @Test
  void prometheusWhenNoScrapePasswordThenUnauthorizedForEveryone() {
    for (String authorization :
        List.of(basic("gateway", "h2-secret"), basic("prometheus", ""), basic("prometheus", "x"))) {
      assertThat(
              mvc.get()
                  .uri("/actuator/prometheus")
                  .header(HttpHeaders.AUTHORIZATION, authorization))
          .hasStatus(HttpStatus.UNAUTHORIZED);
    }
    assertThat(mvc.get().uri("/actuator/prometheus")).hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void demoUsersWhenEnabledThenAliceAndAdminWithRoles() {
    assertThat(roles("alice")).containsExactly("user");
    assertThat(roles("admin")).containsExactly("admin", "user");
    assertThat(
            jdbc.sql("SELECT password_hash FROM users WHERE username = 'alice'")
                .query(String.class)
                .single())
        .startsWith("{argon2}$argon2id$");
  }

  @Test
  void sessionLifecycleWhenH2ThenLoginIntrospectRevokeAndFeedWork() {
    MvcTestResult login = login("alice", "alice-demo-password");
    assertThat(login).hasStatus(HttpStatus.OK);
    String cookie = login.getResponse().getHeader(HttpHeaders.SET_COOKIE);
    assertThat(cookie.split("; ")).contains("Secure", "HttpOnly", "SameSite=Lax", "Path=/");
    String token = cookie.substring("GATEHOUSE_SESSION=".length(), cookie.indexOf(';'));
    assertThat(introspect(token)).bodyJson().extractingPath("$.username").isEqualTo("alice");
    UUID sid = UUID.fromString(JsonPath.read(AbstractIntegrationTests.body(login), "$.sid"));

    long seq = revocations.revokeSession(sid, "test", "admin").orElseThrow().seq();

    assertThat(introspect(token)).bodyJson().isStrictlyEqualTo("{\"active\":false}");
    assertThat(
            mvc.get()
                .uri("/internal/revocations?after=" + (seq - 1))
                .header(HttpHeaders.AUTHORIZATION, basic("gateway", "h2-secret")))
        .bodyJson()
        .extractingPath("$.events[0].sid")
        .isEqualTo(sid.toString());
  }

  @Test
  void operatorQueriesWhenH2ThenSessionsListedAndAuditWrittenNewestFirst() {
    MvcTestResult first = login("alice", "alice-demo-password");
    MvcTestResult second = login("alice", "alice-demo-password");
    UUID firstSid = UUID.fromString(JsonPath.read(AbstractIntegrationTests.body(first), "$.sid"));
    UUID secondSid = UUID.fromString(JsonPath.read(AbstractIntegrationTests.body(second), "$.sid"));
    UUID aliceId =
        jdbc.sql("SELECT id FROM users WHERE username = 'alice'").query(UUID.class).single();

    SessionPage active = sessions.active(aliceId, 0, 200);
    assertThat(active.items()).extracting(SessionInfo::sid).contains(firstSid, secondSid);
    assertThat(sessions.active(null, 0, 1).items()).hasSize(1);

    revocations.revokeSession(firstSid, Actor.of("test"), AuditAction.END_SESSION, "admin");
    revocations.revokeAllForUser(
        aliceId, new Actor("op", "operator"), AuditAction.LOGOUT_USER, "admin");
    revocations.enableUser(aliceId, Actor.of("test"), "admin");

    AuditPage page = audit.page("alice", 0, 2);
    assertThat(page.total()).isGreaterThanOrEqualTo(3);
    assertThat(page.items())
        .extracting(AuditEntry::action)
        .containsExactly(AuditAction.ENABLE_USER, AuditAction.LOGOUT_USER);
    assertThat(page.items().get(1).sids()).contains(secondSid).doesNotContain(firstSid);
    assertThat(page.items().get(1).actor()).isEqualTo(new Actor("op", "operator"));
    assertThat(page.items().get(1).targetUsername()).isEqualTo("alice");
    assertThat(sessions.findActive(secondSid)).isEmpty();
  }

  @Test
  void demoUsersWhenStartedAgainThenPasswordsResetToConfigured() {
    jdbc.sql(
            "UPDATE users SET password_hash = '{bcrypt}invalid', enabled = FALSE WHERE username = 'alice'")
        .update();
    assertThat(login("alice", "alice-demo-password")).hasStatus(HttpStatus.UNAUTHORIZED);

    context.getBean("demoUsers", SmartInitializingSingleton.class).afterSingletonsInstantiated();

    assertThat(login("alice", "alice-demo-password")).hasStatus(HttpStatus.OK);
    assertThat(roles("alice")).containsExactly("user");
  }

  private List<String> roles(String username) {
    return jdbc.sql(
            "SELECT r.role FROM user_roles r JOIN users u ON u.id = r.user_id"
                + " WHERE u.username = ? ORDER BY r.role")
        .param(username)
        .query(String.class)
        .list();
  }

  private MvcTestResult login(String username, String password) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password))
        .exchange();
  }

  private MvcTestResult introspect(String token) {
    return mvc.post()
        .uri("/oauth2/introspect")
        .header(HttpHeaders.AUTHORIZATION, basic("gateway", "h2-secret"))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(AbstractIntegrationTests.form(Map.of("token", token)))
        .exchange();
  }

  private static String basic(String id, String secret) {
    return AbstractIntegrationTests.basic(id, secret);
  }
}
