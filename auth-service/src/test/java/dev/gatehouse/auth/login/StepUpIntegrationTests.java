package dev.gatehouse.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractMfaIntegrationTests;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Step-up of a password-only session ({@code /account/step-up}, where the gateway sends a session
 * that reached a {@code gatehouse.mfa: required} route) and enrollment from the account area, on
 * real PostgreSQL: a right code replaces the session with one whose {@code amr} has {@code otp},
 * revokes the old one with reason {@code replaced} and goes back to {@code next}.
 */
class StepUpIntegrationTests extends AbstractMfaIntegrationTests {

  @Test
  void stepUpWhenEnrolledAndCodeRightThenNewSessionWithOtpAndOldOneReplaced() {
    TestUser user = createUser("user");
    LoggedIn passwordOnly = login(user);
    String secret = enroll(user);
    String bearer = bearer(user, passwordOnly, "user");

    MvcTestResult form = page("/account/step-up?next=/admin/sessions", bearer);
    assertThat(form).hasStatus(HttpStatus.OK);
    assertThat(body(form))
        .contains("action=\"/account/ui/step-up\"")
        .contains("autocomplete=\"one-time-code\"")
        .contains("value=\"/admin/sessions\"");

    MvcTestResult done =
        postForm(
            "/account/ui/step-up",
            form,
            bearer,
            Map.of("code", codeNow(secret), "next", "/admin/sessions"));

    assertThat(done).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(done.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo("/admin/sessions");
    // DBSC is off by default: no offer (oidc.SessionBindingOfferIntegrationTests has it on).
    assertThat(done.getResponse().getHeader("Secure-Session-Registration")).isNull();
    assertThat(amrOf(newSessionToken(done))).containsExactly("pwd", "otp");
    assertThat(isActive(passwordOnly)).isFalse();
    assertThat(revocationReasons(passwordOnly.sid())).containsExactly("replaced");
  }

  @Test
  void stepUpWhenWrongCodeThen401PageAndSessionKept() {
    TestUser user = createUser("user");
    LoggedIn passwordOnly = login(user);
    String secret = enroll(user);
    String bearer = bearer(user, passwordOnly, "user");
    MvcTestResult form = page("/account/step-up?next=/admin", bearer);
    String wrong = codeNow(secret).equals("000000") ? "111111" : "000000";

    MvcTestResult result =
        postForm("/account/ui/step-up", form, bearer, Map.of("code", wrong, "next", "/admin"));

    assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(body(result)).contains("That code is not right");
    assertThat(result.getResponse().getHeaders(HttpHeaders.SET_COOKIE))
        .noneMatch(cookie -> cookie.startsWith("GATEHOUSE_SESSION="));
    assertThat(isActive(passwordOnly)).isTrue();
  }

  @Test
  void stepUpWhenNotEnrolledThenEnrollmentWhichStepsUpAndComesBack() {
    TestUser user = createUser("user");
    LoggedIn passwordOnly = login(user);
    String bearer = bearer(user, passwordOnly, "user");

    MvcTestResult stepUp = page("/account/step-up?next=/admin", bearer);
    assertThat(stepUp).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(stepUp.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/account/mfa/enroll?next=%2Fadmin");

    MvcTestResult enrollment = page("/account/mfa/enroll?next=/admin", bearer);
    assertThat(enrollment).hasStatus(HttpStatus.OK);
    assertThat(body(enrollment)).contains("<svg").contains("action=\"/account/ui/mfa/enroll\"");
    String secret = secretOf(enrollment);

    MvcTestResult done =
        postForm(
            "/account/ui/mfa/enroll",
            enrollment,
            bearer,
            Map.of(
                "challenge", challengeOf(enrollment), "code", codeNow(secret), "next", "/admin"));

    assertThat(done).hasStatus(HttpStatus.OK);
    assertThat(recoveryCodesOf(done)).hasSize(10);
    assertThat(body(done)).contains("href=\"/admin\"");
    assertThat(amrOf(newSessionToken(done))).containsExactly("pwd", "otp");
    assertThat(revocationReasons(passwordOnly.sid())).containsExactly("replaced");
    assertThat(auditActions(user.id())).contains("mfa-enrolled", "session-replaced");
  }

  @Test
  void enrollWhenChallengeOfAnotherUserThenNotEnrolled() {
    TestUser mallory = createUser("user");
    TestUser victim = createUser("user");
    LoggedIn victimSession = login(victim);
    String victimBearer = bearer(victim, victimSession, "user");
    MvcTestResult victimEnrollment = page("/account/mfa/enroll", victimBearer);
    LoggedIn mallorySession = login(mallory);
    String malloryBearer = bearer(mallory, mallorySession, "user");
    MvcTestResult malloryPage = page("/account/mfa/enroll", malloryBearer);

    MvcTestResult result =
        postForm(
            "/account/ui/mfa/enroll",
            malloryPage,
            malloryBearer,
            Map.of(
                "challenge",
                challengeOf(victimEnrollment),
                "code",
                codeNow(secretOf(victimEnrollment))));

    assertThat(result).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(mfa.status(mallory.id()).enrolled()).isFalse();
    assertThat(mfa.status(victim.id()).enrolled()).isFalse();
  }

  @Test
  void accountPageThenShowsMfaStatusAndRecoveryCodesLeft() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);
    String bearer = bearer(user, session, "user");

    assertThat(body(page("/account", bearer)))
        .contains("Two-factor sign-in")
        .contains("Off")
        .contains("href=\"/account/mfa/enroll\"");

    MvcTestResult enrollment = page("/account/mfa/enroll", bearer);
    postForm(
        "/account/ui/mfa/enroll",
        enrollment,
        bearer,
        Map.of("challenge", challengeOf(enrollment), "code", codeNow(secretOf(enrollment))));

    assertThat(body(page("/account", bearer)))
        .contains("On")
        .contains("id=\"recovery-codes-left\">10<")
        .contains("href=\"/account/ui/mfa/recovery-codes\"");
  }

  @Test
  void recoveryCodesWhenRegeneratedAfterConfirmationThenOldOnesDeadAndAudited() {
    TestUser user = createUser("user");
    LoggedIn session = login(user);
    String bearer = bearer(user, session, "user");
    MvcTestResult enrollment = page("/account/mfa/enroll", bearer);
    MvcTestResult enrolled =
        postForm(
            "/account/ui/mfa/enroll",
            enrollment,
            bearer,
            Map.of("challenge", challengeOf(enrollment), "code", codeNow(secretOf(enrollment))));
    String oldCode = recoveryCodesOf(enrolled).get(0);
    LoggedIn steppedUp =
        new LoggedIn(
            newSessionToken(enrolled),
            java.util.UUID.fromString(
                jdbc.sql("SELECT sid FROM sessions WHERE user_id = ? AND amr = 'pwd otp'")
                    .param(user.id())
                    .query(String.class)
                    .single()));
    String withOtp = bearerWithOtp(user, steppedUp, "user");

    MvcTestResult confirm = page("/account/ui/mfa/recovery-codes", withOtp);
    assertThat(body(confirm)).contains("Replace your recovery codes?");
    MvcTestResult regenerated =
        postForm("/account/ui/mfa/recovery-codes", confirm, withOtp, Map.of());

    assertThat(recoveryCodesOf(regenerated)).hasSize(10).doesNotContain(oldCode);
    assertThat(jsonLogin(user, oldCode)).hasStatus(HttpStatus.UNAUTHORIZED);
    assertThat(auditActions(user.id())).contains("mfa-recovery-codes");
  }

  @Test
  void replaceAuthenticatorOrRecoveryCodesWhenPasswordOnlySessionThenStepUpFirst() {
    TestUser user = createUser("user");
    LoggedIn passwordOnly = login(user);
    enroll(user);
    String bearer = bearer(user, passwordOnly, "user");

    MvcTestResult enroll = page("/account/mfa/enroll", bearer);
    MvcTestResult codes = page("/account/ui/mfa/recovery-codes", bearer);

    assertThat(enroll).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(enroll.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/account/step-up?next=%2Faccount%2Fmfa%2Fenroll");
    assertThat(codes).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(codes.getResponse().getHeader(HttpHeaders.LOCATION))
        .isEqualTo("/account/step-up?next=%2Faccount");
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM mfa_challenges WHERE user_id = ?")
                .param(user.id())
                .query(Long.class)
                .single())
        .as("no pending enrollment was started")
        .isZero();
  }
}
