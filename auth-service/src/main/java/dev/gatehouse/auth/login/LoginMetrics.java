package dev.gatehouse.auth.login;

import dev.gatehouse.auth.login.LoginService.LoginResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * {@code gatehouse_logins_total{outcome}}: login attempts by outcome. {@code bad_credentials}
 * covers unknown user, wrong password and disabled account alike, because the authenticator tells
 * them apart to nobody (no enumeration, not even through metrics); {@code password_change_required}
 * had the right, temporary password and got no session yet; {@code second_factor_required} had the
 * right password with a TOTP step due (code page, enrollment, or a JSON login without its code),
 * and {@code second_factor_rejected} is a wrong code or a pending step that ended — the step's
 * success counts as {@code success} once more, so a form login with MFA counts two steps; {@code
 * throttled} attempts were refused before the password (or the code) was checked. Logins through an
 * OpenID provider count apart: {@code oidc_success} (a session), {@code oidc_no_account} (not
 * linked, no auto-provision), {@code oidc_refused} (disabled or deleted account, taken or missing
 * username), {@code oidc_failed} (the provider's answer was refused: state, ID token, provider
 * unreachable or an error it sent back); a provider login that needs Gatehouse's own code counts as
 * {@code second_factor_required}. Every outcome is registered at start, so a dashboard shows zeros
 * rather than gaps.
 */
@Component
final class LoginMetrics {

  static final String NAME = "gatehouse.logins";

  static final List<String> OUTCOMES =
      List.of(
          "success",
          "password_change_required",
          "second_factor_required",
          "second_factor_rejected",
          "bad_credentials",
          "throttled",
          "oidc_success",
          "oidc_no_account",
          "oidc_refused",
          "oidc_failed");

  private final MeterRegistry meters;

  LoginMetrics(MeterRegistry meters) {
    Assert.notNull(meters, "meters cannot be null");
    this.meters = meters;
    OUTCOMES.forEach(this::counter);
  }

  /** Counts {@code result} and hands it back. */
  LoginResult counted(LoginResult result) {
    String outcome;
    if (result instanceof LoginResult.Success) {
      outcome = "success";
    } else if (result instanceof LoginResult.PasswordChangeRequired) {
      outcome = "password_change_required";
    } else if (result instanceof LoginResult.SecondFactor
        || result instanceof LoginResult.Enroll
        || result instanceof LoginResult.MfaRequired
        || result instanceof LoginResult.EnrollmentRequired) {
      // The password was right (or a JSON login left out its code): a second step is due.
      outcome = "second_factor_required";
    } else if (result instanceof LoginResult.WrongCode
        || result instanceof LoginResult.ChallengeEnded) {
      outcome = "second_factor_rejected";
    } else if (result instanceof LoginResult.Throttled) {
      outcome = "throttled";
    } else {
      outcome = "bad_credentials";
    }
    counter(outcome).increment();
    return result;
  }

  /** Counts the outcome of a provider login that reached its account and hands it back. */
  LoginResult countedProvider(LoginResult result) {
    if (result instanceof LoginResult.Success) {
      counter("oidc_success").increment();
      return result;
    }
    return counted(result);
  }

  /** Counts a provider login that ended without a session: one of the {@code oidc_*} outcomes. */
  void countProvider(String outcome) {
    Assert.isTrue(OUTCOMES.contains(outcome), "Unknown outcome " + outcome);
    counter(outcome).increment();
  }

  private Counter counter(String outcome) {
    return Counter.builder(NAME)
        .description("Login attempts by outcome")
        .tag("outcome", outcome)
        .register(meters);
  }
}
