package dev.gatehouse.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a logout takes to reach a gateway that has the session cached: log in, make the gateway
 * cache the session ({@code 200}), {@code POST /logout} straight at auth-service (the gateway is
 * not told; without Redis it learns from polling the revocation feed), then poll the gateway every
 * {@value #POLL_MILLIS} ms until it answers {@code 401}. The delay runs from the logout's answer
 * (revocation committed) to the first {@code 401}. Each logout waits a random part of a second
 * first: otherwise every probe would start just after the poll that ended the previous one, in step
 * with the gateway's poll timer, and all delays would come out near the full interval.
 */
final class RevocationProbe {

  private static final long POLL_MILLIS = 5;
  private static final Duration GIVE_UP = Duration.ofSeconds(10);
  private static final Duration PHASE_SPREAD = Duration.ofSeconds(1);

  private final ControlClient client;
  private final URI gateway;
  private final URI protectedUrl;
  private final URI authService;

  RevocationProbe(ControlClient client, URI gateway, URI protectedUrl, URI authService) {
    this.client = client;
    this.gateway = gateway;
    this.protectedUrl = protectedUrl;
    this.authService = authService;
  }

  RevocationResult run(int times) {
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      delays.add(once());
    }
    return new RevocationResult(delays);
  }

  private Duration once() {
    SessionCookie session = client.login(gateway);
    for (int i = 0; i < 3; i++) {
      expect(200, client.status(protectedUrl, session), "before the logout");
    }
    Pause.of(Duration.ofMillis(ThreadLocalRandom.current().nextLong(PHASE_SPREAD.toMillis())));
    client.logout(authService, session);
    long revoked = System.nanoTime();
    long giveUp = revoked + GIVE_UP.toNanos();
    while (System.nanoTime() < giveUp) {
      int status = client.status(protectedUrl, session);
      if (status == 401) {
        return Duration.ofNanos(System.nanoTime() - revoked);
      }
      expect(200, status, "after the logout");
      Pause.of(Duration.ofMillis(POLL_MILLIS));
    }
    throw new IllegalStateException(
        "the gateway still accepted a revoked session after " + GIVE_UP);
  }

  private static void expect(int expected, int actual, String when) {
    if (actual != expected) {
      throw new IllegalStateException(
          "GET through the gateway " + when + " answered " + actual + ", expected " + expected);
    }
  }
}
