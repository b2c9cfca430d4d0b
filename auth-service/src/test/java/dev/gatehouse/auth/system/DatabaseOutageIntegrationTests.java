package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AuthServiceApplication;
import dev.gatehouse.auth.TestClockConfiguration;
import dev.gatehouse.auth.TestJwts;
import dev.gatehouse.testsupport.postgres.RestartablePostgres;
import dev.gatehouse.testsupport.time.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * auth-service on a PostgreSQL server of its own that the tests stop and start again (what a
 * database restart or failover looks like from here). While it is down every request that needs it
 * is a 503 with {@code Retry-After} — problem JSON with {@code "error": "temporarily_unavailable"}
 * for APIs, the friendly page for browsers — within Hikari's {@code connection-timeout} (1 s, far
 * inside the 15 s ceiling asserted here; Hikari's own default is 30 s), never a 500; a login that
 * failed that way is no failed attempt for the throttle; and once the server is back everything
 * works again with the data written before.
 */
@SpringBootTest(
    classes = {AuthServiceApplication.class, TestClockConfiguration.class},
    properties = {
      "gatehouse.introspection.client-id=" + DatabaseOutageIntegrationTests.CLIENT_ID,
      "gatehouse.introspection.client-secret=" + DatabaseOutageIntegrationTests.CLIENT_SECRET,
      "gatehouse.token.issuer=" + TestJwts.ISSUER,
      "gatehouse.mfa.required-roles=",
      "gatehouse.login.throttle.max-failures=3"
    })
@AutoConfigureMockMvc
@DirtiesContext
class DatabaseOutageIntegrationTests {

  static final String CLIENT_ID = "gateway";
  static final String CLIENT_SECRET = "outage-secret";

  /** Generous: the bound under test is Hikari's 1 s connection-timeout, not this. */
  private static final Duration CEILING = Duration.ofSeconds(15);

  private static @Nullable RestartablePostgres postgres;

  @Autowired private MockMvcTester mvc;
  @Autowired private JdbcClient jdbc;
  @Autowired private PasswordEncoder passwordEncoder;
  @Autowired private TestClock clock;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws IOException {
    postgres = RestartablePostgres.start(Files.createTempDirectory("outage-pg").resolve("data"));
    postgres.createDatabase("gatehouse").register(registry);
    registry.add("gatehouse.gateway-url", () -> TestJwts.get().gatewayUrl());
  }

  @AfterAll
  static void stopDatabase() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void databaseBack() {
    if (!server().isRunning()) {
      server().startAgain();
    }
    // Pooled connections cut by the stop fail once each (a 503) before Hikari replaces them.
    await()
        .atMost(CEILING)
        .ignoreExceptions()
        .until(() -> jdbc.sql("SELECT 1").query(Integer.class).single() == 1);
  }

  @Test
  void jsonLoginWhenDatabaseDownThen503ProblemWithRetryAfter() {
    User user = createUser();
    server().stop();

    MvcTestResult result = bounded(() -> jsonLogin(user));

    assertTemporarilyUnavailable(result);
  }

  @Test
  void formLoginWhenDatabaseDownThenFriendly503Page() {
    User user = createUser();
    server().stop();

    MvcTestResult result =
        bounded(
            () ->
                mvc.post()
                    .uri("/login")
                    .accept(MediaType.TEXT_HTML, MediaType.ALL)
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .content("username=" + user.username() + "&password=" + user.password())
                    .exchange());

    assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "5");
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result.getResponse().getContentType()).startsWith(MediaType.TEXT_HTML_VALUE);
    assertThat(body(result))
        .contains("Temporarily unavailable", "temporarily_unavailable")
        .doesNotContain("Exception", "SQL", "PSQL");
  }

  @Test
  void logoutWhenDatabaseDownThen503AndAfterRestartTheSessionEnds() {
    User user = createUser();
    LoggedIn session = loggedIn(user);
    server().stop();

    MvcTestResult during = bounded(() -> logout(user, session));

    assertTemporarilyUnavailable(during);
    server().startAgain();
    assertThat(recovered(() -> logout(user, session))).hasStatus(HttpStatus.NO_CONTENT);
    assertThat(JsonPath.<Boolean>read(body(introspect(session.token())), "$.active")).isFalse();
  }

  @Test
  void introspectionWhenDatabaseDownThen503AndAfterRestartTheSessionIsStillActive() {
    User user = createUser();
    LoggedIn session = loggedIn(user);
    server().stop();

    MvcTestResult during = bounded(() -> introspect(session.token()));

    assertTemporarilyUnavailable(during);
    server().startAgain();
    MvcTestResult after = recovered(() -> introspect(session.token()));
    assertThat(after).hasStatus(HttpStatus.OK);
    assertThat(JsonPath.<Boolean>read(body(after), "$.active")).isTrue();
  }

  @Test
  void loginWhenDatabaseWasDownThenTheFailuresDuringTheOutageLockNobody() {
    User user = createUser();
    server().stop();

    // More than max-failures (3) attempts while down: each a 503, none a failure of the user.
    for (int attempt = 0; attempt < 5; attempt++) {
      assertTemporarilyUnavailable(bounded(() -> jsonLogin(user)));
    }

    server().startAgain();
    assertThat(recovered(() -> jsonLogin(user))).hasStatus(HttpStatus.OK);
  }

  @Test
  void loginWhenWrongPasswordsThenStillLockedAfterAnOutage() {
    User user = createUser();
    User wrong = new User(user.id(), user.username(), "not-the-password");
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThat(jsonLogin(wrong)).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    assertThat(jsonLogin(user)).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
  }

  private void assertTemporarilyUnavailable(MvcTestResult result) {
    assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "5");
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result.getResponse().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    assertThat(JsonPath.<String>read(body(result), "$.error")).isEqualTo("temporarily_unavailable");
    assertThat(JsonPath.<Integer>read(body(result), "$.status")).isEqualTo(503);
  }

  /**
   * The first answer after a restart that is not a 503: each pooled connection the stop cut fails
   * once (a 503, as it should) before Hikari replaces it; nothing else may come back.
   */
  private static MvcTestResult recovered(Supplier<MvcTestResult> request) {
    AtomicReference<MvcTestResult> answer = new AtomicReference<>();
    await()
        .atMost(CEILING)
        .until(
            () -> {
              MvcTestResult result = request.get();
              answer.set(result);
              return result.getResponse().getStatus() != HttpStatus.SERVICE_UNAVAILABLE.value();
            });
    return answer.get();
  }

  private static MvcTestResult bounded(Supplier<MvcTestResult> request) {
    return assertTimeoutPreemptively(CEILING, request::get);
  }

  private MvcTestResult jsonLogin(User user) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_JSON)
        .content(
            "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(user.username(), user.password()))
        .exchange();
  }

  private LoggedIn loggedIn(User user) {
    MvcTestResult result = jsonLogin(user);
    assertThat(result).hasStatus(HttpStatus.OK);
    String cookie = result.getResponse().getHeader(HttpHeaders.SET_COOKIE);
    assertThat(cookie).startsWith("GATEHOUSE_SESSION=");
    String token = cookie.substring("GATEHOUSE_SESSION=".length(), cookie.indexOf(';'));
    return new LoggedIn(token, UUID.fromString(JsonPath.read(body(result), "$.sid")));
  }

  private MvcTestResult logout(User user, LoggedIn session) {
    String jwt =
        TestJwts.get()
            .sign(
                TestJwts.get()
                    .claims(clock.instant(), user.id(), session.sid(), user.username(), List.of())
                    .build());
    return mvc.post().uri("/logout").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt).exchange();
  }

  private MvcTestResult introspect(String token) {
    String basic =
        Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    return mvc.post()
        .uri("/oauth2/introspect")
        .header(HttpHeaders.AUTHORIZATION, "Basic " + basic)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content("token=" + token)
        .exchange();
  }

  private User createUser() {
    User user =
        new User(
            UUID.randomUUID(),
            "user-" + UUID.randomUUID().toString().substring(0, 8),
            "pw-" + UUID.randomUUID());
    jdbc.sql(
            "INSERT INTO users (id, username, password_hash, enabled, created_at)"
                + " VALUES (?, ?, ?, TRUE, ?)")
        .params(
            user.id(),
            user.username(),
            passwordEncoder.encode(user.password()),
            OffsetDateTime.now(ZoneOffset.UTC))
        .update();
    return user;
  }

  private static String body(MvcTestResult result) {
    return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
  }

  private static RestartablePostgres server() {
    if (postgres == null) {
      throw new IllegalStateException("the database was not started");
    }
    return postgres;
  }

  private record User(UUID id, String username, String password) {}

  private record LoggedIn(String token, UUID sid) {}
}
