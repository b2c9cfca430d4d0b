package dev.gatehouse.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Login throttling through {@code POST /login} (JSON and form) on PostgreSQL, with the default
 * policy: 5 consecutive failures lock a username for 30 s, doubling up to 15 min; 100 unsuccessful
 * attempts from one address in 10 min refuse that address. Each test logs in from its own client
 * address (as the gateway's client-address proof would name it), so tests never share a budget.
 */
class LoginThrottlingIntegrationTests extends AbstractIntegrationTests {

  private String clientIp;

  @BeforeEach
  void ownClientAddress() {
    clientIp = randomClientIp();
  }

  @Test
  void loginWhenFiveFailuresThenSixthRefusedWithRetryAfterEvenWithTheRightPassword() {
    TestUser user = createUser("user");
    failTimes(user.username(), 5);

    MvcTestResult result = jsonLogin(user.username(), user.password(), clientIp);

    assertThat(result).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "30");
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result).headers().doesNotContainHeader(HttpHeaders.SET_COOKIE);
    assertThat(result).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(result)
        .bodyJson()
        .extractingPath("$.detail")
        .isEqualTo("Too many attempts. Try again in 30 seconds.");
    assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(429);
    assertThat(sessionCount(user)).isZero();
  }

  @Test
  void loginWhenUsernameLockedThenOtherUsersLogInMeanwhileFromAnyAddress() {
    TestUser victim = createUser("user");
    TestUser other = createUser("user");
    failTimes(victim.username(), 5);

    assertThat(jsonLogin(other.username(), other.password(), clientIp)).hasStatus(HttpStatus.OK);
    assertThat(jsonLogin(other.username(), other.password(), randomClientIp()))
        .hasStatus(HttpStatus.OK);
    assertThat(jsonLogin(victim.username(), victim.password(), randomClientIp()))
        .as("the lock is on the username, from every address")
        .hasStatus(HttpStatus.TOO_MANY_REQUESTS);
  }

  @Test
  void loginWhenLockEndedThenRightPasswordWorksAndResetsTheCounter() {
    TestUser user = createUser("user");
    failTimes(user.username(), 5);
    assertThat(jsonLogin(user.username(), user.password(), clientIp))
        .hasStatus(HttpStatus.TOO_MANY_REQUESTS);

    clock.advance(Duration.ofSeconds(30));

    assertThat(jsonLogin(user.username(), user.password(), clientIp)).hasStatus(HttpStatus.OK);
    failTimes(user.username(), 4);
    assertThat(jsonLogin(user.username(), user.password(), clientIp))
        .as("four failures after the reset do not lock")
        .hasStatus(HttpStatus.OK);
  }

  @Test
  void loginWhenFailingAfterEveryLockThenLockDoublesUpToFifteenMinutes() {
    String name = "nobody-" + UUID.randomUUID();
    failTimes(name, 5);

    for (long expected : new long[] {30, 60, 120, 240, 480, 900, 900}) {
      MvcTestResult refused = jsonLogin(name, "guess", clientIp);
      assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
      assertThat(refused).headers().hasValue(HttpHeaders.RETRY_AFTER, Long.toString(expected));
      clock.advance(Duration.ofSeconds(expected));
      assertThat(jsonLogin(name, "guess", clientIp))
          .as("the one attempt after a %d s lock", expected)
          .hasStatus(HttpStatus.UNAUTHORIZED);
    }
  }

  @Test
  void loginWhenUnknownUsernameThrottledThenIdenticalToKnownUsername() {
    TestUser known = createUser("user");
    String unknown = "user-" + UUID.randomUUID().toString().substring(0, 8);
    failTimes(known.username(), 5);
    failTimes(unknown, 5);

    MvcTestResult knownJson = jsonLogin(known.username(), known.password(), clientIp);
    MvcTestResult unknownJson = jsonLogin(unknown, "whatever", clientIp);
    MvcTestResult knownForm = formLogin(known.username(), known.password(), clientIp);
    MvcTestResult unknownForm = formLogin(unknown, "whatever", clientIp);

    assertSameAnswer(knownJson, unknownJson);
    assertThat(knownForm).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(knownForm).headers().hasValue(HttpHeaders.RETRY_AFTER, "30");
    assertThat(unknownForm).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(unknownForm).headers().hasValue(HttpHeaders.RETRY_AFTER, "30");
    // The form page repeats the username typed; everything else is the same.
    assertThat(body(knownForm).replace(known.username(), "NAME"))
        .isEqualTo(body(unknownForm).replace(unknown, "NAME"));
  }

  @Test
  void loginWhenUnknownUserOrWrongPasswordBeforeAnyLockThenIdenticalUnauthorized() {
    TestUser known = createUser("user");

    assertSameAnswer(
        jsonLogin(known.username(), "not-the-password", clientIp),
        jsonLogin("nobody-" + UUID.randomUUID(), "not-the-password", clientIp));
  }

  @Test
  void formLoginWhenThrottledThenTooManyRequestsPageWithMessageAndUsernameKept() {
    TestUser user = createUser("user");
    failTimes(user.username(), 5);

    MvcTestResult result = formLogin(user.username(), user.password(), clientIp);

    assertThat(result).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(result).headers().hasValue(HttpHeaders.RETRY_AFTER, "30");
    assertThat(result).headers().hasValue(HttpHeaders.CACHE_CONTROL, "no-store");
    assertThat(result).headers().doesNotContainHeader(HttpHeaders.SET_COOKIE);
    assertThat(result)
        .bodyText()
        .contains("Too many attempts. Try again in 30 seconds.")
        .contains("value=\"" + user.username() + "\"")
        .doesNotContain(user.password());
  }

  @Test
  void loginWhenHundredFailuresFromOneAddressThenThatAddressRefusedOthersNot() {
    TestUser user = createUser("user");
    for (int i = 0; i < 100; i++) {
      assertThat(jsonLogin("spray-" + i + "-" + UUID.randomUUID(), "Winter2026!", clientIp))
          .as("attempt %d", i + 1)
          .hasStatus(HttpStatus.UNAUTHORIZED);
    }

    MvcTestResult refused = jsonLogin(user.username(), user.password(), clientIp);

    assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(refused).headers().hasValue(HttpHeaders.RETRY_AFTER, "600");
    assertThat(jsonLogin(user.username(), user.password(), randomClientIp()))
        .as("the same user from another address")
        .hasStatus(HttpStatus.OK);
    clock.advance(Duration.ofMinutes(10));
    assertThat(jsonLogin(user.username(), user.password(), clientIp))
        .as("the address after its window")
        .hasStatus(HttpStatus.OK);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void loginWhenThrottledThenLogsNeitherUsernameNorPassword(CapturedOutput output) {
    TestUser user = createUser("user");
    failTimes(user.username(), 5);

    jsonLogin(user.username(), user.password(), clientIp);

    assertThat(output.getAll())
        .contains("Login refused: username #")
        .doesNotContain(user.username())
        .doesNotContain(user.password());
  }

  private void failTimes(String username, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(jsonLogin(username, "wrong-" + i, clientIp))
          .as("failure %d", i + 1)
          .hasStatus(HttpStatus.UNAUTHORIZED);
    }
  }

  private static void assertSameAnswer(MvcTestResult first, MvcTestResult second) {
    assertThat(first.getResponse().getStatus()).isEqualTo(second.getResponse().getStatus());
    assertThat(first.getResponse().getContentAsByteArray())
        .isEqualTo(second.getResponse().getContentAsByteArray());
    assertThat(first.getResponse().getContentType())
        .isEqualTo(second.getResponse().getContentType());
    assertThat(first.getResponse().getHeader(HttpHeaders.RETRY_AFTER))
        .isEqualTo(second.getResponse().getHeader(HttpHeaders.RETRY_AFTER));
  }

  private long sessionCount(TestUser user) {
    return jdbc.sql("SELECT COUNT(*) FROM sessions WHERE user_id = ?")
        .param(user.id())
        .query(Long.class)
        .single();
  }

  private MvcTestResult jsonLogin(String username, String password, String ip) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_JSON)
        .with(
            request -> {
              request.setRemoteAddr(ip);
              return request;
            })
        .content("{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password))
        .exchange();
  }

  private MvcTestResult formLogin(String username, String password, String ip) {
    return mvc.post()
        .uri("/login")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .with(
            request -> {
              request.setRemoteAddr(ip);
              return request;
            })
        .content(form(Map.of("username", username, "password", password, "next", "/")))
        .exchange();
  }

  /** An address of its own for each test: 10.x.y.z, or a /64 of the IPv6 documentation prefix. */
  private static String randomClientIp() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return random.nextBoolean()
        ? "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255)
        : "2001:db8:%x:%x::1".formatted(random.nextInt(0x10000), random.nextInt(0x10000));
  }
}
