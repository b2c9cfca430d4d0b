package dev.gatehouse.auth.mfa;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes pending second steps past their expiry: they are refused anyway, this only keeps the
 * table small.
 */
@Component
final class MfaChallengePurge {

  private static final Logger log = LoggerFactory.getLogger(MfaChallengePurge.class);

  private final MfaService mfa;

  MfaChallengePurge(MfaService mfa) {
    this.mfa = mfa;
  }

  @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
  void purge() {
    int purged = mfa.purgeExpiredChallenges();
    if (purged > 0) {
      log.debug("Purged {} expired MFA challenges", purged);
    }
  }
}
