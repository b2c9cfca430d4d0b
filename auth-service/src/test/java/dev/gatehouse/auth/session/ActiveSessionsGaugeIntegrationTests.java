package dev.gatehouse.auth.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.revocation.RevocationService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * {@code gatehouse_sessions_active} on PostgreSQL: a count of live sessions taken by {@link
 * ActiveSessionsGauge#refresh()} (every 30 s in production), which the scrape reports as counted.
 * The database is shared with other tests, so counts are compared with the count before.
 */
class ActiveSessionsGaugeIntegrationTests extends AbstractIntegrationTests {

  @Autowired ActiveSessionsGauge gauge;
  @Autowired RevocationService revocations;

  @Test
  void refreshWhenSessionsLoggedInAndRevokedThenScrapeShowsOnlyLiveOnes() {
    long before = gauge.refresh();
    login(createUser("user"));
    LoggedIn revoked = login(createUser("user"));
    revocations.revokeSession(revoked.sid(), "test", RevocationService.REASON_ADMIN);

    assertThat(gauge.refresh()).isEqualTo(before + 1);
    assertThat(scrapedGauge()).isEqualTo(before + 1);
  }

  private double scrapedGauge() {
    MvcTestResult result =
        mvc.get()
            .uri("/actuator/prometheus")
            .header(HttpHeaders.AUTHORIZATION, basicRaw("prometheus", SCRAPE_PASSWORD))
            .exchange();
    assertThat(result).hasStatus(HttpStatus.OK);
    Matcher line =
        Pattern.compile("^gatehouse_sessions_active(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE)
            .matcher(body(result));
    assertThat(line.find()).as("gatehouse_sessions_active in the scrape").isTrue();
    return Double.parseDouble(line.group(2));
  }
}
