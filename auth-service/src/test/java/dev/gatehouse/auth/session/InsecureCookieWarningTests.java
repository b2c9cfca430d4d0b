package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

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
    return TestSessionTokenFormats.properties("GATEHOUSE_SESSION", secure);
  }
}
