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
 * had the right, temporary password and got no session yet; {@code throttled} attempts were refused
 * before the password was checked. Every outcome is registered at start, so a dashboard shows zeros
 * rather than gaps.
 */
@Component
final class LoginMetrics {

  static final String NAME = "gatehouse.logins";

  static final List<String> OUTCOMES =
      List.of("success", "password_change_required", "bad_credentials", "throttled");

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
    } else if (result instanceof LoginResult.Throttled) {
      outcome = "throttled";
    } else {
      outcome = "bad_credentials";
    }
    counter(outcome).increment();
    return result;
  }

  private Counter counter(String outcome) {
    return Counter.builder(NAME)
        .description("Login attempts by outcome")
        .tag("outcome", outcome)
        .register(meters);
  }
}
