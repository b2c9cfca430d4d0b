package dev.gatehouse.auth.system;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Prometheus scrape's own credential for {@code /actuator/prometheus} (HTTP Basic, as
 * Prometheus' {@code basic_auth} sends it). Separate from the gateway's introspection client
 * credentials: a scraper that holds the introspection secret could introspect any session token and
 * forge client-address proofs; one that holds this can read metrics and nothing else.
 *
 * @param scrapeUsername user name of the scrape; default {@code prometheus}
 * @param scrapePassword password of the scrape; no default: unset, {@code /actuator/prometheus}
 *     answers 401 to everyone. Environment variable: {@code GATEHOUSE_METRICS_SCRAPE_PASSWORD}
 */
@ConfigurationProperties("gatehouse.metrics")
@Validated
record MetricsProperties(
    @DefaultValue("prometheus") @NotBlank String scrapeUsername, @Nullable String scrapePassword) {

  /** Whether a scrape can authenticate at all. */
  boolean scrapeEnabled() {
    return scrapePassword != null && !scrapePassword.isEmpty();
  }

  /** Never prints the password: records print every component by default. */
  @Override
  public String toString() {
    return "MetricsProperties[scrapeUsername="
        + scrapeUsername
        + ", scrapePassword="
        + (scrapeEnabled() ? "******" : "unset")
        + "]";
  }
}
