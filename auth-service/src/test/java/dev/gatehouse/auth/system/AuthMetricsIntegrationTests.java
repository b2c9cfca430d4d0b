package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.audit.Actor;
import dev.gatehouse.auth.revocation.RevocationService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * auth-service's own metrics, read as Prometheus scrapes them: {@code gatehouse_logins_total} by
 * outcome and {@code gatehouse_revocations_total} by reason (free-text operator reasons folded into
 * {@code operator}). The sessions gauge: {@code ActiveSessionsGaugeIntegrationTests}.
 */
class AuthMetricsIntegrationTests extends AbstractIntegrationTests {

  @Autowired RevocationService revocations;

  @Test
  void loginWhenSucceededFailedOrThrottledThenCountedByOutcome() {
    TestUser user = createUser("user");
    String ip = randomClientIp();
    double success = scraped("gatehouse_logins_total", "outcome=\"success\"");
    double bad = scraped("gatehouse_logins_total", "outcome=\"bad_credentials\"");
    double throttled = scraped("gatehouse_logins_total", "outcome=\"throttled\"");

    assertThat(login(user.username(), user.password(), ip)).hasStatus(HttpStatus.OK);
    for (int i = 0; i < 5; i++) {
      assertThat(login(user.username(), "wrong", ip)).hasStatus(HttpStatus.UNAUTHORIZED);
    }
    assertThat(login(user.username(), user.password(), ip)).hasStatus(HttpStatus.TOO_MANY_REQUESTS);

    assertThat(scraped("gatehouse_logins_total", "outcome=\"success\"")).isEqualTo(success + 1);
    assertThat(scraped("gatehouse_logins_total", "outcome=\"bad_credentials\"")).isEqualTo(bad + 5);
    assertThat(scraped("gatehouse_logins_total", "outcome=\"throttled\"")).isEqualTo(throttled + 1);
  }

  @ParameterizedTest(name = "{0} -> reason=\"{1}\"")
  @CsvSource({
    "logout, logout",
    "admin, admin",
    "user-disabled, user-disabled",
    "laptop stolen (ticket 4711), operator"
  })
  void revokeWhenCommittedThenCountedByReasonWithFreeTextAsOperator(String reason, String tag) {
    LoggedIn session = login(createUser("user"));
    double before = scraped("gatehouse_revocations_total", "reason=\"" + tag + "\"");

    revocations.revokeSession(session.sid(), "test", reason);
    revocations.revokeSession(session.sid(), "test", reason);

    assertThat(scraped("gatehouse_revocations_total", "reason=\"" + tag + "\""))
        .as("counted once: the second revocation found nothing to revoke")
        .isEqualTo(before + 1);
    assertThat(scrape()).doesNotContain("laptop stolen");
  }

  @Test
  void announceAccountChangedWhenCommittedThenNotCountedAsARevocation() {
    TestUser user = createUser("user");
    login(user);
    double before = sumOf("gatehouse_revocations_total");

    assertThat(revocations.announceAccountChanged(user.id(), Actor.of("test"), "roles changed"))
        .isNotEmpty();

    assertThat(sumOf("gatehouse_revocations_total")).isEqualTo(before);
  }

  private double sumOf(String name) {
    return Pattern.compile("^" + Pattern.quote(name) + "\\{[^}]*\\} (\\S+)$", Pattern.MULTILINE)
        .matcher(scrape())
        .results()
        .mapToDouble(match -> Double.parseDouble(match.group(1)))
        .sum();
  }

  private double scraped(String name, String label) {
    String body = scrape();
    Pattern line =
        Pattern.compile(
            "^"
                + Pattern.quote(name)
                + (label.isEmpty()
                    ? "(\\{[^}]*\\})?"
                    : "\\{[^}]*" + Pattern.quote(label) + "[^}]*\\}")
                + " (\\S+)$",
            Pattern.MULTILINE);
    Matcher matcher = line.matcher(body);
    assertThat(matcher.find()).as("%s{%s} in the scrape", name, label).isTrue();
    return Double.parseDouble(matcher.group(label.isEmpty() ? 2 : 1));
  }

  private String scrape() {
    MvcTestResult result =
        mvc.get()
            .uri("/actuator/prometheus")
            .header(HttpHeaders.AUTHORIZATION, basicRaw("prometheus", SCRAPE_PASSWORD))
            .exchange();
    assertThat(result).hasStatus(HttpStatus.OK);
    return body(result);
  }

  private MvcTestResult login(String username, String password, String ip) {
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

  private static String randomClientIp() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
  }
}
