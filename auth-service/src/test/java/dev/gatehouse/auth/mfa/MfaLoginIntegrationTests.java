package dev.gatehouse.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.gatehouse.auth.AbstractMfaIntegrationTests;
import dev.gatehouse.protocol.Assurance;
import dev.gatehouse.testsupport.totp.TestTotp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Login with TOTP as the second factor, on real PostgreSQL: the JSON API's {@code otp}, the form
 * login's code page and its enrollment page for roles that require MFA; codes good once, within ±1
 * step, throttled like passwords; recovery codes single use; audit rows; how the session
 * authenticated ({@code amr}/{@code acr}) reported by introspection.
 */
class MfaLoginIntegrationTests extends AbstractMfaIntegrationTests {

  @Test
  void jsonLoginWhenEnrolledAndNoOtpThen401MfaRequiredAndNoSession() {
    TestUser user = createUser("user");
    enroll(user);

    MvcTestResult result = jsonLogin(user, null);

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("mfa_required");
    assertThat(result.getResponse().getHeader(HttpHeaders.SET_COOKIE)).isNull();
    assertThat(sessionsOf(user.id())).isZero();
  }

  @Test
  void jsonLoginWhenEnrolledAndOtpRightThenSessionWithPasswordAndOtp() {
    TestUser user = createUser("user");
    String secret = enroll(user);

    MvcTestResult result = jsonLogin(user, codeNow(secret));

    assertThat(result).hasStatus(HttpStatus.OK);
    String token = sessionCookieValue(result);
    assertThat(amrOf(token)).containsExactly("pwd", "otp");
    assertThat(JsonPath.<String>read(body(introspect(token)), "$.acr"))
        .isEqualTo(Assurance.ACR_MFA);
  }

  @Test
  void jsonLoginWhenNotEnrolledAndNoRoleRequiresItThenPasswordOnlySession() {
    TestUser user = createUser("user");

    MvcTestResult result = jsonLogin(user, null);

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(amrOf(sessionCookieValue(result))).containsExactly("pwd");
  }

  @Test
  void jsonLoginWhenCodeReplayedThenRefused() {
    TestUser user = createUser("user");
    String secret = enroll(user);
    String code = codeNow(secret);
    assertThat(jsonLogin(user, code)).hasStatus(HttpStatus.OK);

    MvcTestResult replay = jsonLogin(user, code);

    assertThat(replay).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(replay).bodyJson().extractingPath("$.error").isEqualTo("mfa_required");
  }

  @Test
  void jsonLoginWhenOlderStepThanOneUsedThenRefused() {
    TestUser user = createUser("user");
    String secret = enroll(user);
    String next = TestTotp.codeAt(secret, clock.instant().plusSeconds(30));
    String current = codeNow(secret);
    assertThat(jsonLogin(user, next)).hasStatus(HttpStatus.OK);

    assertThat(jsonLogin(user, current))
        .as("a code of a step before the newest accepted one is no better than a replay")
        .hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @ParameterizedTest(name = "code of {0} s from now")
  @ValueSource(longs = {-30, 0, 30})
  void jsonLoginWhenCodeWithinOneStepOfTheClockThenAccepted(long offset) {
    TestUser user = createUser("user");
    String secret = enroll(user);

    assertThat(jsonLogin(user, TestTotp.codeAt(secret, clock.instant().plusSeconds(offset))))
        .hasStatus(HttpStatus.OK);
  }

  @ParameterizedTest(name = "code of {0} s from now")
  @ValueSource(longs = {-90, -60, 60, 90})
  void jsonLoginWhenCodeOutsideTheSkewWindowThenRefused(long offset) {
    TestUser user = createUser("user");
    String secret = enroll(user);

    assertThat(jsonLogin(user, TestTotp.codeAt(secret, clock.instant().plusSeconds(offset))))
        .hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void jsonLoginWhenWrongCodesRepeatedThenThrottledEvenWithTheRightPassword() {
    TestUser user = createUser("user");
    String secret = enroll(user);
    String wrong = codeNow(secret).equals("000000") ? "111111" : "000000";

    // Each attempt counts the password's check and the code's (the password's is taken back only
    // when the code passes): five consecutive failures lock the name, within three attempts.
    List<Integer> statuses = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(jsonLogin(user, wrong).getResponse().getStatus());
    }
    assertThat(statuses).startsWith(401, 401).contains(429);
    MvcTestResult throttled = jsonLogin(user, codeNow(secret));

    assertThat(throttled).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(throttled.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isNotBlank();
    assertThat(sessionsOf(user.id())).isZero();
  }

  @Test
  void formLoginWhenEnrolledThenCodePageAndSessionOnlyAfterTheCode() {
    TestUser user = createUser("user");
    String secret = enroll(user);

    MvcTestResult codePage = formLogin(user, "/api/me");

    assertThat(codePage).hasStatus(HttpStatus.OK);
    assertThat(body(codePage))
        .contains("autocomplete=\"one-time-code\"")
        .contains("action=\"/login/mfa\"")
        .contains("<label for=\"code\"");
    assertThat(codePage.getResponse().getHeader(HttpHeaders.SET_COOKIE)).isNull();
    assertThat(codePage.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).contains("no-store");
    assertThat(sessionsOf(user.id())).as("no session before the code").isZero();

    String challenge = challengeOf(codePage);
    MvcTestResult done = secondStep(challenge, codeNow(secret), "/api/me");

    assertThat(done).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(done.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo("/api/me");
    assertThat(amrOf(sessionCookieValue(done))).containsExactly("pwd", "otp");
    assertThat(secondStep(challenge, TestTotp.codeAt(secret, clock.instant().plusSeconds(30)), "/"))
        .as("a pending step is single use")
        .hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void secondStepWhenWrongCodeThenCodePageAgainAndChallengeEndsAfterMaxAttempts() {
    TestUser user = createUser("user");
    String secret = enroll(user);
    String challenge = challengeOf(formLogin(user, "/"));
    String wrong = codeNow(secret).equals("000000") ? "111111" : "000000";

    MvcTestResult again = secondStep(challenge, wrong, "/");
    assertThat(again).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(body(again)).contains("That code is not right").contains(challenge);

    // Five wrong codes per pending step (gatehouse.mfa.challenge-max-attempts); the name's
    // throttle (5 consecutive failures) answers 429 first here: the password counted once too.
    MvcTestResult last = again;
    for (int i = 0; i < 4; i++) {
      last = secondStep(challenge, wrong, "/");
    }
    assertThat(last.getResponse().getStatus()).isIn(401, 429);
    assertThat(secondStep(challenge, codeNow(secret), "/").getResponse().getStatus())
        .as("the pending step is over")
        .isIn(401, 429);
    assertThat(sessionsOf(user.id())).isZero();
  }

  @Test
  void secondStepWhenChallengeExpiredThenBackToThePassword() {
    TestUser user = createUser("user");
    String secret = enroll(user);
    String challenge = challengeOf(formLogin(user, "/"));

    clock.advance(Duration.ofMinutes(6));
    MvcTestResult result = secondStep(challenge, codeNow(secret), "/");

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(body(result)).contains("Your sign-in expired").contains("name=\"password\"");
  }

  @Test
  void formLoginWhenAdminNotEnrolledThenEnrollmentThenSessionAndRecoveryCodesShownOnce() {
    TestUser admin = createUser("user", "admin");

    MvcTestResult enrollment = formLogin(admin, "/admin");

    assertThat(enrollment).hasStatus(HttpStatus.OK);
    assertThat(body(enrollment))
        .contains("<svg")
        .contains("Set up two-factor sign-in")
        .contains("inputmode=\"numeric\"");
    assertThat(sessionsOf(admin.id())).isZero();
    String secret = secretOf(enrollment);
    String stored =
        jdbc.sql("SELECT secret FROM mfa_challenges WHERE user_id = ?")
            .param(admin.id())
            .query(String.class)
            .single();
    assertThat(stored).as("the pending secret is stored encrypted").doesNotContain(secret);

    MvcTestResult done = secondStep(challengeOf(enrollment), codeNow(secret), "/admin");

    assertThat(done).hasStatus(HttpStatus.OK);
    List<String> codes = recoveryCodesOf(done);
    assertThat(codes).hasSize(10).doesNotHaveDuplicates();
    assertThat(body(done)).contains("href=\"/admin\"");
    assertThat(amrOf(sessionCookieValue(done))).containsExactly("pwd", "otp");
    assertThat(auditActions(admin.id())).containsExactly("mfa-enrolled");
    assertThat(
            jdbc.sql("SELECT secret FROM user_mfa WHERE user_id = ?")
                .param(admin.id())
                .query(String.class)
                .single())
        .doesNotContain(secret);
    assertThat(
            jdbc.sql("SELECT code_hash FROM mfa_recovery_codes WHERE user_id = ?")
                .param(admin.id())
                .query(String.class)
                .list())
        .hasSize(10)
        .noneMatch(hash -> codes.stream().anyMatch(code -> hash.contains(code.replace("-", ""))));
  }

  @Test
  void jsonLoginWhenAdminNotEnrolledThen401EnrollmentRequired() {
    TestUser admin = createUser("user", "admin");

    MvcTestResult result = jsonLogin(admin, null);

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(result).bodyJson().extractingPath("$.error").isEqualTo("mfa_enrollment_required");
    assertThat(sessionsOf(admin.id())).isZero();
  }

  @Test
  void jsonLoginWhenRecoveryCodeThenAcceptedOnceAndAudited() {
    TestUser admin = createUser("user", "admin");
    MvcTestResult enrollment = formLogin(admin, "/");
    String code =
        recoveryCodesOf(secondStep(challengeOf(enrollment), codeNow(secretOf(enrollment)), "/"))
            .get(0);

    MvcTestResult first = jsonLogin(admin, code.toLowerCase());
    MvcTestResult second = jsonLogin(admin, code);

    assertThat(first).hasStatus(HttpStatus.OK);
    assertThat(amrOf(sessionCookieValue(first))).containsExactly("pwd", "otp");
    assertThat(second).as("single use").hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(auditActions(admin.id())).containsExactly("mfa-enrolled", "mfa-recovery-code-used");
    assertThat(mfa.status(admin.id()).recoveryCodesLeft()).isEqualTo(9);
  }
}
