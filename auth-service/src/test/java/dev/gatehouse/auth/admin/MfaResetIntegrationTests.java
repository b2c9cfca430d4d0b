package dev.gatehouse.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractMfaIntegrationTests;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * An operator resets a user's MFA (lost phone), through the JSON API and the operator page's
 * confirmation and CSRF-guarded form, on real PostgreSQL: authenticator and recovery codes gone, an
 * audit row in the same transaction, and the next login asks only for the password (or leads to
 * enrollment, for a role that requires MFA).
 */
class MfaResetIntegrationTests extends AbstractMfaIntegrationTests {

  @Test
  void resetApiWhenAdminThenMfaRemovedAndAudited() {
    TestUser operator = createUser("user", "admin");
    LoggedIn operatorSession = loginWithOtp(operator);
    TestUser user = createUser("user");
    enroll(user);

    MvcTestResult result =
        mvc.post()
            .uri("/admin/users/" + user.username() + "/mfa/reset?reason=lost-phone")
            .header(HttpHeaders.AUTHORIZATION, bearer(operator, operatorSession, "user", "admin"))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.OK);
    assertThat(result).bodyJson().extractingPath("$.wasEnrolled").isEqualTo(true);
    assertThat(mfa.status(user.id()).enrolled()).isFalse();
    assertThat(
            jdbc.sql("SELECT actor_id, reason FROM audit_log WHERE target_user_id = ?")
                .param(user.id())
                .query((rs, n) -> rs.getString(1) + "/" + rs.getString(2))
                .list())
        .containsExactly(operator.id() + "/lost-phone");
    assertThat(auditActions(user.id())).containsExactly("mfa-reset");
    assertThat(jsonLogin(user, null)).as("password alone again").hasStatus(HttpStatus.OK);
  }

  @Test
  void resetApiWhenNotAdminThen403() {
    TestUser caller = createUser("user");
    LoggedIn session = login(caller);
    TestUser user = createUser("user");
    enroll(user);

    MvcTestResult result =
        mvc.post()
            .uri("/admin/users/" + user.username() + "/mfa/reset")
            .header(HttpHeaders.AUTHORIZATION, bearer(caller, session, "user"))
            .exchange();

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(mfa.status(user.id()).enrolled()).isTrue();
  }

  @Test
  void resetApiWhenUnknownUserThen404() {
    TestUser operator = createUser("user", "admin");
    LoggedIn operatorSession = loginWithOtp(operator);

    assertThat(
            mvc.post()
                .uri("/admin/users/nobody-here/mfa/reset")
                .header(
                    HttpHeaders.AUTHORIZATION, bearer(operator, operatorSession, "user", "admin"))
                .exchange())
        .hasStatus(HttpStatus.NOT_FOUND);
  }

  @Test
  void operatorPageResetWhenConfirmedWithCsrfTokenThenResetAndAdminMustEnrollAgain() {
    TestUser operator = createUser("user", "admin");
    LoggedIn operatorSession = loginWithOtp(operator);
    String bearer = bearer(operator, operatorSession, "user", "admin");
    TestUser otherAdmin = createUser("user", "admin");
    enroll(otherAdmin);

    assertThat(body(page("/admin?user=" + otherAdmin.username(), bearer)))
        .contains("href=\"/admin/ui/users/" + otherAdmin.username() + "/mfa-reset\"");
    MvcTestResult confirm = page("/admin/ui/users/" + otherAdmin.username() + "/mfa-reset", bearer);
    assertThat(body(confirm)).contains("Reset two-factor sign-in of " + otherAdmin.username());

    MvcTestResult done =
        postForm(
            "/admin/ui/users/" + otherAdmin.username() + "/mfa-reset",
            confirm,
            bearer,
            Map.of("reason", "new phone"));

    assertThat(done).hasStatus(HttpStatus.SEE_OTHER);
    assertThat(done.getResponse().getHeader(HttpHeaders.LOCATION)).contains("notice=mfa-reset");
    assertThat(auditActions(otherAdmin.id())).containsExactly("mfa-reset");
    assertThat(jsonLogin(otherAdmin, null))
        .bodyJson()
        .extractingPath("$.error")
        .isEqualTo("mfa_enrollment_required");
  }

  @Test
  void operatorPageResetWhenNoCsrfTokenThenForbiddenAndKept() {
    TestUser operator = createUser("user", "admin");
    LoggedIn operatorSession = loginWithOtp(operator);
    TestUser user = createUser("user");
    enroll(user);

    MvcTestResult result =
        mvc.post()
            .uri("/admin/ui/users/" + user.username() + "/mfa-reset")
            .header(HttpHeaders.AUTHORIZATION, bearer(operator, operatorSession, "user", "admin"))
            .contentType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED)
            .content("")
            .exchange();

    assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
    assertThat(mfa.status(user.id()).enrolled()).isTrue();
  }
}
