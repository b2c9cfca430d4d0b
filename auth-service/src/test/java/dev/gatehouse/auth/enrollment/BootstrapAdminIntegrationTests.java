package dev.gatehouse.auth.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.auth.AuthServiceApplication;
import dev.gatehouse.auth.user.UserAuthenticator;
import dev.gatehouse.testsupport.postgres.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The first admin, on a real PostgreSQL: whole auth-service instances started against one fresh
 * database, several at once, and again (a restart). Exactly one admin and one audit row, ever.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootstrapAdminIntegrationTests {

  private static final String ADMIN = "root-admin";
  private static final String PASSWORD = "correct horse battery staple ✓";
  private static final Pattern LINK = Pattern.compile("(https://gateway\\.example\\.test\\S+)");

  private final List<ConfigurableApplicationContext> started = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  private static final String LOGGING_SYSTEM = "org.springframework.boot.logging.LoggingSystem";

  @AfterEach
  void stop() {
    started.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void startWhenTwoInstancesAtOnceOnEmptyDatabaseThenOneAdminAndOneAuditRow() throws Exception {
    TestPostgres.Database db = TestPostgres.freshDatabase();
    Path file = secret(PASSWORD + "\n");
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<ConfigurableApplicationContext>> instances = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      instances.add(
          CompletableFuture.supplyAsync(
              () -> {
                await(go);
                return start(db, bootstrap(file));
              }));
    }
    // Spring Boot's logging set-up is once per JVM and not safe for two applications starting at
    // the same moment (one can tear down the other's half-built configuration); the race under test
    // is the bootstrap, so these two keep the logging the JVM already has.
    String loggingSystem = System.setProperty(LOGGING_SYSTEM, "none");
    try {
      go.countDown();
      for (CompletableFuture<ConfigurableApplicationContext> instance : instances) {
        started.add(instance.get(3, TimeUnit.MINUTES));
      }
    } finally {
      if (loggingSystem == null) {
        System.clearProperty(LOGGING_SYSTEM);
      } else {
        System.setProperty(LOGGING_SYSTEM, loggingSystem);
      }
    }

    JdbcClient jdbc = started.get(0).getBean(JdbcClient.class);
    assertThat(usernames(jdbc)).containsExactly(ADMIN);
    assertThat(bootstrapAuditRows(jdbc)).isEqualTo(1);
    assertThat(roles(jdbc)).containsExactly("admin", "user");
    assertThat(started.get(1).getBean(UserAuthenticator.class).authenticate(ADMIN, PASSWORD))
        .isPresent();
  }

  @Test
  void startWhenH2EmbeddedDatabaseThenOneAdminAlsoAfterRestart() {
    TestPostgres.Database h2 =
        new TestPostgres.Database(
            "jdbc:h2:mem:bootstrap-"
                + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "sa",
            "");
    Path file = secret(PASSWORD + "\r\n");
    started.add(start(h2, bootstrap(file)));
    started.add(start(h2, bootstrap(file)));

    JdbcClient jdbc = started.get(1).getBean(JdbcClient.class);
    assertThat(usernames(jdbc)).containsExactly(ADMIN);
    assertThat(bootstrapAuditRows(jdbc)).isEqualTo(1);
    assertThat(started.get(1).getBean(UserAuthenticator.class).authenticate(ADMIN, PASSWORD))
        .isPresent();
  }

  @Test
  void startWhenRestartedThenNothingChanges() {
    TestPostgres.Database db = TestPostgres.freshDatabase();
    Path file = secret(PASSWORD);
    started.add(start(db, bootstrap(file)));
    JdbcClient jdbc = started.get(0).getBean(JdbcClient.class);
    String hash = passwordHash(jdbc);

    started.add(start(db, bootstrap(secret("a different password, also long"))));

    assertThat(usernames(jdbc)).containsExactly(ADMIN);
    assertThat(bootstrapAuditRows(jdbc)).isEqualTo(1);
    assertThat(passwordHash(jdbc)).isEqualTo(hash);
  }

  @Test
  void startWhenDatabaseHasUsersThenLeftAlone() {
    TestPostgres.Database db = TestPostgres.freshDatabase();
    ConfigurableApplicationContext plain = start(db, Map.of());
    JdbcClient jdbc = plain.getBean(JdbcClient.class);
    jdbc.sql(
            "INSERT INTO users (id, username, password_hash, enabled, created_at)"
                + " VALUES (gen_random_uuid(), 'existing', NULL, TRUE, now())")
        .update();
    plain.close();

    started.add(start(db, bootstrap(secret(PASSWORD))));

    assertThat(usernames(started.get(0).getBean(JdbcClient.class))).containsExactly("existing");
    assertThat(bootstrapAuditRows(started.get(0).getBean(JdbcClient.class))).isZero();
  }

  @Test
  void startWhenPasswordFileFailsPolicyThenStartupFailsSayingWhy() {
    TestPostgres.Database db = TestPostgres.freshDatabase();
    Path file = secret("tiny-pw\n");

    assertThatThrownBy(() -> start(db, bootstrap(file)))
        .satisfies(
            failure ->
                assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("gatehouse.bootstrap.admin-password-file")
                    .hasMessageContaining("password_too_short")
                    .hasMessageNotContaining("short\n"));
  }

  @Test
  void startWhenNoPasswordFileThenSetupLinkLoggedOnceAndSetsPasswordOnce(CapturedOutput output)
      throws Exception {
    TestPostgres.Database db = TestPostgres.freshDatabase();
    ConfigurableApplicationContext instance =
        start(db, Map.of("gatehouse.bootstrap.admin-username", ADMIN));
    started.add(instance);
    JdbcClient jdbc = instance.getBean(JdbcClient.class);
    String url = setupLink(output.getOut());
    assertThat(passwordHashOrNull(jdbc)).isNull();
    assertThat(instance.getBean(UserAuthenticator.class).authenticate(ADMIN, "")).isEmpty();

    String local = url.replace("https://gateway.example.test", base(instance));
    String token = local.substring(local.indexOf("token=") + "token=".length());
    assertThat(get(local).statusCode()).isEqualTo(200);
    assertThat(post(base(instance) + "/login/link", token, PASSWORD).statusCode()).isEqualTo(200);

    assertThat(instance.getBean(UserAuthenticator.class).authenticate(ADMIN, PASSWORD)).isPresent();
    assertThat(post(base(instance) + "/login/link", token, PASSWORD + "!").statusCode())
        .isEqualTo(404);
    assertThat(get(local).statusCode()).isEqualTo(404);
    assertThat(jdbc.sql("SELECT token_hash FROM one_time_links").query(String.class).list())
        .hasSize(1)
        .doesNotContain(token);
    assertThat(output.getOut()).containsOnlyOnce("token=");
  }

  private ConfigurableApplicationContext start(
      TestPostgres.Database db, Map<String, String> extra) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", db.jdbcUrl());
    properties.put("spring.datasource.username", db.username());
    properties.put("spring.datasource.password", db.password());
    properties.put("server.port", "0");
    properties.put("gatehouse.introspection.client-secret", "bootstrap-test-secret");
    properties.put("gatehouse.token.issuer", "https://gateway.example.test");
    properties.putAll(extra);
    // Command-line arguments: they win over application.yml (server.port: 9000), defaults do not.
    String[] args =
        properties.entrySet().stream()
            .map(property -> "--" + property.getKey() + "=" + property.getValue())
            .toArray(String[]::new);
    return new SpringApplicationBuilder(AuthServiceApplication.class).run(args);
  }

  private static Map<String, String> bootstrap(Path file) {
    return Map.of(
        "gatehouse.bootstrap.admin-username",
        ADMIN,
        "gatehouse.bootstrap.admin-password-file",
        file.toString());
  }

  private Path secret(String content) {
    try {
      Path file = Files.createTempFile(dir, "admin-password", ".txt");
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static String setupLink(String log) {
    Matcher matcher = LINK.matcher(log);
    assertThat(matcher.find()).as("a setup link in the log").isTrue();
    return matcher.group(1);
  }

  private static String base(ConfigurableApplicationContext context) {
    return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String token, String password) throws Exception {
    String form =
        "token="
            + URLEncoder.encode(token, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&confirm="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> usernames(JdbcClient jdbc) {
    return jdbc.sql("SELECT username FROM users ORDER BY username").query(String.class).list();
  }

  private static List<String> roles(JdbcClient jdbc) {
    return jdbc.sql("SELECT role FROM user_roles ORDER BY role").query(String.class).list();
  }

  private static long bootstrapAuditRows(JdbcClient jdbc) {
    return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'bootstrap-admin'")
        .query(Long.class)
        .single();
  }

  private static String passwordHash(JdbcClient jdbc) {
    String hash = passwordHashOrNull(jdbc);
    assertThat(hash).startsWith("{argon2}");
    return hash;
  }

  private static String passwordHashOrNull(JdbcClient jdbc) {
    return jdbc.sql("SELECT password_hash FROM users WHERE username = ?")
        .param(ADMIN)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }
}
