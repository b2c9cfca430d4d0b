package dev.gatehouse.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.TestSessionTokens;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

class LoginIntegrationTests extends AbstractIntegrationTests {

  @Test
  void loginWhenFormCredentialsValidThenSeeOtherToNextWithSessionCookie() {
    TestUser user = createUser("user");

    MvcTestResult result = formLogin(user.username(), user.password(), "/notes?page=2");

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(result).headers().hasValue(HttpHeaders.LOCATION, "/notes?page=2");
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    String cookie = result.getResponse().getHeader(HttpHeaders.SET_COOKIE);
    assertThat(cookie).matches("GATEHOUSE_SESSION=[A-Za-z0-9_-]{54}; .*");
    assertThat(cookie.split("; ")).contains("Path=/", "Secure", "HttpOnly", "SameSite=Lax");
    assertThat(cookie).doesNotContainIgnoringCase("Max-Age").doesNotContainIgnoringCase("Domain");
    assertThat(introspect(sessionCookieValue(result)))
        .bodyJson()
        .extractingPath("$.active")
        .isEqualTo(true);
  }

  @Test
  void loginWhenFormNextIsForeignThenSeeOtherToRoot() {
    TestUser user = createUser("user");

    MvcTestResult result = formLogin(user.username(), user.password(), "//evil.example/");

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(result).headers().hasValue(HttpHeaders.LOCATION, "/");
  }

  @Test
  void loginWhenJsonCredentialsValidThenSessionIdAndCookie() {
    TestUser user = createUser("user");
    Instant now = clock.instant();

    MvcTestResult result = jsonLogin(user.username(), user.password());

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result).bodyJson().extractingPath("$.username").isEqualTo(user.username());
    assertThat(result)
        .bodyJson()
        .extractingPath("$.expiresAt")
        .asString()
        .satisfies(
            expiresAt ->
                assertThat(Instant.parse(expiresAt))
                    .isCloseTo(now.plus(Duration.ofHours(12)), within(1, ChronoUnit.SECONDS)));
    String token = sessionCookieValue(result);
    String sid = JsonPath.read(body(result), "$.sid");
    assertThat(UUID.fromString(sid)).isNotNull();
    assertThat(body(result)).doesNotContain(token);
  }

  @Test
  void loginWhenSuccessfulThenOnlyTheTokenHashIsStored() throws Exception {
    TestUser user = createUser("user");

    LoggedIn session = login(user);

    assertThat(session.token()).hasSize(54);
    assertThat(Base64.getUrlDecoder().decode(session.token())).hasSize(40);
    String expectedHash =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(session.token().getBytes(StandardCharsets.UTF_8)));
    assertThat(
            jdbc.sql("SELECT token_hash FROM sessions WHERE sid = ?")
                .param(session.sid())
                .query(String.class)
                .single())
        .isEqualTo(expectedHash);
    assertThat(everyStoredValue()).noneMatch(value -> value.contains(session.token()));
  }

  @Test
  void loginWhenPasswordWrongOrUserUnknownThenIdenticalUnauthorized() {
    TestUser user = createUser("user");

    MvcTestResult wrongPassword = jsonLogin(user.username(), "not-the-password");
    MvcTestResult unknownUser = jsonLogin("nobody-" + UUID.randomUUID(), "whatever");

    for (MvcTestResult result : List.of(wrongPassword, unknownUser)) {
      assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
      assertThat(result).headers().doesNotContainHeader(HttpHeaders.SET_COOKIE);
      assertThat(result)
          .bodyJson()
          .extractingPath("$.detail")
          .isEqualTo(LoginController.INVALID_CREDENTIALS);
    }
    assertThat(wrongPassword.getResponse().getContentAsByteArray())
        .isEqualTo(unknownUser.getResponse().getContentAsByteArray());
    assertThat(wrongPassword.getResponse().getContentType())
        .isEqualTo(unknownUser.getResponse().getContentType());
  }

  @Test
  void loginWhenFormCredentialsWrongThenUnauthorizedFormWithGenericMessage() {
    TestUser user = createUser("user");

    MvcTestResult result = formLogin(user.username(), "not-the-password", "/notes");

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result).headers().doesNotContainHeader(HttpHeaders.SET_COOKIE);
    assertThat(result)
        .bodyText()
        .contains(LoginController.INVALID_CREDENTIALS)
        .contains("name=\"next\" value=\"/notes\"")
        .doesNotContain("not-the-password");
  }

  @Test
  void loginWhenUserDisabledThenUnauthorized() {
    TestUser user = createUser("user");
    jdbc.sql("UPDATE users SET enabled = FALSE WHERE id = ?").param(user.id()).update();

    MvcTestResult result = jsonLogin(user.username(), user.password());

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.detail")
        .isEqualTo(LoginController.INVALID_CREDENTIALS);
  }

  @Test
  void loginWhenFieldsMissingOrBodyMalformedThenBadRequest() {
    assertThat(formLogin("alice", "", "/")).hasStatus(HttpStatus.BAD_REQUEST);
    assertThat(
            mvc.post()
                .uri("/login")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("next=%2F"))
        .hasStatus(HttpStatus.BAD_REQUEST);
    for (String body :
        List.of("{}", "{\"username\":\"alice\"}", "{", "", "[]", "{\"username\":[1]}")) {
      assertThat(mvc.post().uri("/login").contentType(MediaType.APPLICATION_JSON).content(body))
          .as(body)
          .hasStatus(HttpStatus.BAD_REQUEST)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
    assertThat(mvc.post().uri("/login").contentType(MediaType.TEXT_PLAIN).content("alice"))
        .hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void loginWhenNeverIssuedCookiePresentThenFreshSessionAndOldValueStaysInactive() {
    TestUser user = createUser("user");
    String planted = TestSessionTokens.unknown();

    MvcTestResult result =
        mvc.post()
            .uri("/login")
            .cookie(new Cookie("GATEHOUSE_SESSION", planted))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(form(Map.of("username", user.username(), "password", user.password())))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    String issued = sessionCookieValue(result);
    assertThat(issued).isNotEqualTo(planted);
    assertThat(introspect(planted)).bodyJson().isStrictlyEqualTo("{\"active\":false}");
    assertThat(introspect(issued)).bodyJson().extractingPath("$.active").isEqualTo(true);
  }

  @Test
  void loginWhenActiveSessionCookiePresentThenItIsReplacedAndRevoked() {
    TestUser user = createUser("user");
    LoggedIn old = login(user);

    MvcTestResult result =
        mvc.post()
            .uri("/login")
            .cookie(new Cookie("GATEHOUSE_SESSION", old.token()))
            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
            .content(form(Map.of("username", user.username(), "password", user.password())))
            .exchange();

    String issued = sessionCookieValue(result);
    assertThat(issued).isNotEqualTo(old.token());
    assertThat(introspect(old.token())).bodyJson().isStrictlyEqualTo("{\"active\":false}");
    assertThat(introspect(issued)).bodyJson().extractingPath("$.active").isEqualTo(true);
    assertThat(revocationReasons(old.sid())).containsExactly("replaced");
  }

  @Test
  void loginFormWhenRequestedThenAccessibleFormWithSanitizedNext() {
    MvcTestResult result = mvc.get().uri("/login?next={next}", "https://evil.example").exchange();

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result)
        .bodyText()
        .contains("<form method=\"post\" action=\"/login\"")
        .contains("<label for=\"username\">")
        .contains("<label for=\"password\">")
        .contains("autofocus")
        .contains("autocomplete=\"current-password\"")
        .contains("name=\"next\" value=\"/\"")
        .doesNotContain("evil.example")
        .doesNotContain("<script");
    assertThat(mvc.get().uri("/login?next=/api/me"))
        .bodyText()
        .contains("name=\"next\" value=\"/api/me\"");
  }

  @Test
  void loginWhenBcryptHashStoredThenAcceptedAndUpgradedToArgon2() {
    TestUser user =
        new TestUser(
            UUID.randomUUID(),
            "bcrypt-" + UUID.randomUUID().toString().substring(0, 8),
            "old-password");
    insertUser(user, "{bcrypt}" + new BCryptPasswordEncoder(4).encode(user.password()));

    assertThat(jsonLogin(user.username(), user.password())).hasStatus(HttpStatus.OK);

    assertThat(
            jdbc.sql("SELECT password_hash FROM users WHERE id = ?")
                .param(user.id())
                .query(String.class)
                .single())
        .startsWith("{argon2}$argon2id$");
    assertThat(jsonLogin(user.username(), user.password())).hasStatus(HttpStatus.OK);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void loginWhenSuccessfulThenLogsCarrySidButNoSecrets(CapturedOutput output) throws Exception {
    TestUser user = createUser("user");

    LoggedIn session = login(user);
    introspect(session.token());

    String hash =
        jdbc.sql("SELECT token_hash FROM sessions WHERE sid = ?")
            .param(session.sid())
            .query(String.class)
            .single();
    assertThat(output.getAll())
        .contains("sid=" + session.sid())
        .contains("user=" + user.id())
        .doesNotContain(session.token())
        .doesNotContain(hash)
        .doesNotContain(user.password())
        .doesNotContain(CLIENT_SECRET);
  }

  private MvcTestResult formLogin(String username, String password, String next) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .content(form(Map.of("username", username, "password", password, "next", next)))
        .exchange();
  }

  private MvcTestResult jsonLogin(String username, String password) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password))
        .exchange();
  }

  /** Every value of every column of every table, as text. */
  private List<String> everyStoredValue() {
    List<String> tables =
        jdbc.sql(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")
            .query(String.class)
            .list();
    assertThat(tables).contains("users", "user_roles", "sessions", "revocation_log");
    List<String> values = new ArrayList<>();
    for (String table : tables) {
      jdbc.sql("SELECT * FROM " + table)
          .query(
              (ResultSet rs) -> {
                ResultSetMetaData meta = rs.getMetaData();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                  String value = rs.getString(column);
                  if (value != null) {
                    values.add(value);
                  }
                }
              });
    }
    assertThat(values).isNotEmpty();
    return values;
  }
}
