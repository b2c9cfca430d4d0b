package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.testsupport.postgres.TestPostgres;
import dev.gatehouse.testsupport.time.TestClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The full application against a real PostgreSQL (fresh database, Flyway applied), a JWKS served by
 * {@link TestJwts} and a {@link TestClock}. Every subclass that adds no configuration of its own
 * shares one Spring context, so the database is shared too: tests create their own users and never
 * assume an empty table.
 */
@SpringBootTest(
    classes = {AuthServiceApplication.class, TestClockConfiguration.class},
    properties = {
      // Characters that must be form-urlencoded before Base64 (RFC 6749 §2.3.1).
      "gatehouse.introspection.client-id=" + AbstractIntegrationTests.CLIENT_ID,
      "gatehouse.introspection.client-secret=" + AbstractIntegrationTests.CLIENT_SECRET,
      "gatehouse.token.issuer=" + TestJwts.ISSUER,
      "gatehouse.metrics.scrape-password=" + AbstractIntegrationTests.SCRAPE_PASSWORD,
      "gatehouse.csrf.allowed-origins=" + AbstractIntegrationTests.ALLOWED_ORIGIN,
      // The tests of sessions, operators and accounts log admins in with a password alone; the
      // MFA tests (dev.gatehouse.auth.mfa) turn the default, MFA required for admins, back on.
      "gatehouse.mfa.required-roles="
    })
@AutoConfigureMockMvc
public abstract class AbstractIntegrationTests {

  protected static final String CLIENT_ID = "gate:way";
  protected static final String CLIENT_SECRET = "s3cr3t+/ %é&=:x";
  protected static final String SCRAPE_PASSWORD = "scrape-pw";

  /** Configured in {@code gatehouse.csrf.allowed-origins}. */
  protected static final String ALLOWED_ORIGIN = "https://app.example.test";

  @Autowired protected MockMvcTester mvc;
  @Autowired protected TestClock clock;
  @Autowired protected JdbcClient jdbc;
  @Autowired private PasswordEncoder passwordEncoder;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestPostgres.freshDatabase().register(registry);
    registry.add("gatehouse.gateway-url", () -> TestJwts.get().gatewayUrl());
  }

  @BeforeEach
  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** {@code Authorization} value of the configured introspection client. */
  protected static String clientCredentials() {
    return basic(CLIENT_ID, CLIENT_SECRET);
  }

  /** HTTP Basic as RFC 6749 §2.3.1 says: form-urlencode, join with a colon, Base64. */
  protected static String basic(String id, String secret) {
    return basicRaw(formEncode(id), formEncode(secret));
  }

  /** HTTP Basic without the form-urlencoding step. */
  protected static String basicRaw(String id, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  protected static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(field -> formEncode(field.getKey()) + "=" + formEncode(field.getValue()))
        .collect(Collectors.joining("&"));
  }

  protected static String formEncode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A new enabled user with a unique name and an Argon2id password hash. */
  protected TestUser createUser(String... roles) {
    TestUser user =
        new TestUser(
            UUID.randomUUID(),
            "user-" + UUID.randomUUID().toString().substring(0, 8),
            "pw-" + UUID.randomUUID());
    insertUser(user, passwordEncoder.encode(user.password()));
    for (String role : roles) {
      jdbc.sql("INSERT INTO user_roles (user_id, role) VALUES (?, ?)")
          .params(user.id(), role)
          .update();
    }
    return user;
  }

  protected void insertUser(TestUser user, String passwordHash) {
    jdbc.sql(
            "INSERT INTO users (id, username, password_hash, enabled, created_at)"
                + " VALUES (?, ?, ?, TRUE, ?)")
        .params(user.id(), user.username(), passwordHash, OffsetDateTime.now(ZoneOffset.UTC))
        .update();
  }

  /** Logs in with the JSON API and returns the cookie's token and the session id. */
  protected LoggedIn login(TestUser user) {
    return login(user, "127.0.0.1", "test-agent");
  }

  /** Logs in from a given client address and {@code User-Agent}. */
  protected LoggedIn login(TestUser user, String clientIp, String userAgent) {
    MvcTestResult result =
        mvc.post()
            .uri("/login")
            .contentType(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.USER_AGENT, userAgent)
            .with(
                request -> {
                  request.setRemoteAddr(clientIp);
                  return request;
                })
            .content(
                "{\"username\":\"%s\",\"password\":\"%s\"}"
                    .formatted(user.username(), user.password()))
            .exchange();
    assertThat(result).hasStatus(HttpStatus.OK);
    String sid = JsonPath.read(body(result), "$.sid");
    return new LoggedIn(sessionCookieValue(result), UUID.fromString(sid));
  }

  /**
   * {@code Authorization} value with a gateway-style JWT for this user and session, valid now.
   *
   * @param roles the {@code roles} claim
   */
  protected String bearer(TestUser user, LoggedIn session, String... roles) {
    return "Bearer "
        + TestJwts.get()
            .sign(
                TestJwts.get()
                    .claims(
                        clock.instant(), user.id(), session.sid(), user.username(), List.of(roles))
                    .build());
  }

  /** Whether introspection reports the session token active. */
  protected boolean isActive(LoggedIn session) {
    return Boolean.TRUE.equals(JsonPath.read(body(introspect(session.token())), "$.active"));
  }

  /** The response body as UTF-8 text. */
  protected static String body(MvcTestResult result) {
    return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
  }

  /** The value of the session cookie a response sets. */
  protected static String sessionCookieValue(MvcTestResult result) {
    String header = result.getResponse().getHeader(HttpHeaders.SET_COOKIE);
    assertThat(header).startsWith("GATEHOUSE_SESSION=");
    return header.substring("GATEHOUSE_SESSION=".length(), header.indexOf(';'));
  }

  protected MvcTestResult introspect(String token) {
    return mvc.post()
        .uri("/oauth2/introspect")
        .header(HttpHeaders.AUTHORIZATION, clientCredentials())
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(Map.of("token", token)))
        .exchange();
  }

  protected List<String> revocationReasons(UUID sid) {
    return jdbc.sql("SELECT reason FROM revocation_log WHERE sid = ? ORDER BY seq")
        .param(sid)
        .query(String.class)
        .list();
  }

  public record TestUser(UUID id, String username, String password) {}

  public record LoggedIn(String token, UUID sid) {}
}
