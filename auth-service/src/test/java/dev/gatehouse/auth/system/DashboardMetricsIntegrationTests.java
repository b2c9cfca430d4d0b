package dev.gatehouse.auth.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.auth.AbstractIntegrationTests;
import dev.gatehouse.auth.revocation.RevocationService;
import dev.gatehouse.testsupport.grafana.GrafanaDashboard;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * {@code docs/grafana/gatehouse.json}, auth-service half: every metric its auth-service panels
 * query is in auth-service's Prometheus scrape. The gateway half is the gateway's {@code
 * DashboardMetricsIntegrationTests}.
 */
class DashboardMetricsIntegrationTests extends AbstractIntegrationTests {

  @Autowired RevocationService revocations;

  @Test
  void authServicePanelsWhenScrapedThenEveryQueriedMetricIsExposed() {
    LoggedIn session = login(createUser("user"));
    revocations.revokeSession(session.sid(), "test", RevocationService.REASON_ADMIN);

    Set<String> queried = GrafanaDashboard.shipped().metricsOf("auth");

    assertThat(queried)
        .contains(
            "gatehouse_logins_total", "gatehouse_revocations_total", "gatehouse_sessions_active");
    assertThat(exposed()).containsAll(queried);
  }

  private Set<String> exposed() {
    MvcTestResult scrape =
        mvc.get()
            .uri("/actuator/prometheus")
            .header(HttpHeaders.AUTHORIZATION, basicRaw("prometheus", SCRAPE_PASSWORD))
            .exchange();
    assertThat(scrape).hasStatus(HttpStatus.OK);
    return Arrays.stream(body(scrape).split("\n"))
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0])
        .collect(Collectors.toSet());
  }
}
