package dev.gatehouse.auth.oidc.logout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * {@code gatehouse_oidc_backchannel_logouts_total{outcome}}: back-channel logout requests by
 * outcome. The sessions they end are counted by {@code gatehouse_revocations_total{reason=
 * "idp-logout"}}; a burst of {@code invalid} is someone probing the endpoint or a provider whose
 * keys or clock are off.
 */
@Component
final class BackChannelLogoutMetrics {

  static final String NAME = "gatehouse.oidc.backchannel.logouts";

  /** How a request ended; the tag value is the lower-case name. */
  enum Outcome {
    /** Verified and carried out (whether or not a session matched). */
    ACCEPTED,
    /** Refused with 400: the token (or the registration in the URL) failed a check. */
    INVALID,
    /** Refused with 503: the provider's JWKS could not be fetched. */
    KEYS_UNAVAILABLE
  }

  private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

  BackChannelLogoutMetrics(MeterRegistry meters) {
    Assert.notNull(meters, "meters cannot be null");
    for (Outcome outcome : Outcome.values()) {
      counters.put(
          outcome,
          Counter.builder(NAME)
              .description("OpenID Connect back-channel logout requests by outcome")
              .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
              .register(meters));
    }
  }

  void count(Outcome outcome) {
    counters.get(outcome).increment();
  }

  @Override
  public String toString() {
    return "BackChannelLogoutMetrics";
  }
}
