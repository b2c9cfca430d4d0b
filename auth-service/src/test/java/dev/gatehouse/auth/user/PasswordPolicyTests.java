package dev.gatehouse.auth.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OWASP ASVS 5.0 V6.2 as a table: what the one password policy accepts and refuses, and why. */
class PasswordPolicyTests {

  private static final CommonPasswords COMMON = CommonPasswords.load();

  private final PasswordPolicy policy = new PasswordPolicy(new PasswordProperties(12, 128), COMMON);

  @ParameterizedTest(name = "[{index}] {0} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # case                                  | password                                  | error
          12 ASCII characters                     | tulip-cobalt                              | -
          11 characters                           | tulip-cobal                               | password_too_short
          no composition rules: lower case only   | correcthorsebatterystaple                 | -
          spaces allowed                          | correct horse battery staple              | -
          Unicode letters count as one each       | éléphantrose                              | -
          emoji (code points, not UTF-16 units)   | 🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒🔒                              | password_too_short
          CJK passphrase of 14                     | 東京特許許可局長今日急遽休暇                          | -
          common list entry                       | 1qaz2wsx3edc                              | password_common
          common list, other case                 | QAZWSXEDCRFV                              | password_common
          common list, full-width (NFKC)          | ｑａｚｗｓｘｅｄｃｒｆｖ                              | password_common
          equal to the username                   | maintenance-admin                         | password_equals_username
          equal to the username, other case       | Maintenance-Admin                         | password_equals_username
          """)
  void checkWhenPasswordThenVerdict(String name, String password, String error) {
    Optional<PasswordViolation> verdict = policy.check("maintenance-admin", password);

    assertThat(verdict.map(PasswordViolation::error).orElse(null)).as(name).isEqualTo(error);
  }

  @Test
  void checkWhenAtMaximumThenAcceptedAndOneMoreRefusedNotTruncated() {
    String longest = "x".repeat(127) + "y";

    assertThat(policy.check("u", longest)).isEmpty();
    assertThat(policy.check("u", longest + "z"))
        .map(PasswordViolation::error)
        .contains("password_too_long");
  }

  @Test
  void checkWhenDefaultsThenAtLeast64Allowed() {
    assertThat(policy.maxLength()).isGreaterThanOrEqualTo(64);
    assertThat(policy.check("u", "ab1-".repeat(16))).isEmpty();
  }

  @Test
  void normaliseWhenComposedOrDecomposedThenSame() {
    String composed = "caf\u00e9-au-lait-noir";
    String decomposed = "cafe\u0301-au-lait-noir";

    assertThat(PasswordPolicy.normalise(decomposed)).isEqualTo(composed);
  }

  @Test
  void violationWhenRefusedThenMessageNeverContainsPassword() {
    assertThat(policy.check("u", "1qaz2wsx3edc"))
        .get()
        .satisfies(violation -> assertThat(violation.message()).doesNotContain("1qaz2wsx3edc"));
  }

  @Test
  void commonListWhenLoadedThenShipsTheFullList() {
    assertThat(COMMON.size()).isGreaterThan(29_000);
  }
}
