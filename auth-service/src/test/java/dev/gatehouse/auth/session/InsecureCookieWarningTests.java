package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class InsecureCookieWarningTests {

  @Test
  void warnWhenInsecureWhenSecureOffThenWarnLine(CapturedOutput output) {
    new InsecureCookieWarning(properties(false)).warnWhenInsecure();

    assertThat(output.getAll()).contains("WARN").contains("WITHOUT the Secure attribute");
  }

  @Test
  void warnWhenInsecureWhenSecureOnThenSilent(CapturedOutput output) {
    new InsecureCookieWarning(properties(true)).warnWhenInsecure();

    assertThat(output.getAll()).doesNotContain("Secure attribute");
  }

  private static SessionProperties properties(boolean secure) {
    return new SessionProperties(
        "GATEHOUSE_SESSION", secure, Duration.ofHours(12), Duration.ofMinutes(30));
  }
}
