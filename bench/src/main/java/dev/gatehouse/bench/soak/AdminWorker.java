package dev.gatehouse.bench.soak;

import dev.gatehouse.bench.Pause;
import dev.gatehouse.testsupport.faults.FaultClient;
import dev.gatehouse.testsupport.faults.Outcome;
import dev.gatehouse.testsupport.faults.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The operator: every {@code interval} ends one random user session by force ({@code DELETE
 * /admin/sessions/{sid}} through a gateway, with an admin session that passed TOTP), signing in
 * again when its own session is gone. Only an acknowledged (204) forced logout counts.
 */
final class AdminWorker implements Runnable {

  private final FaultClient client;
  private final SoakRecorder recorder;
  private final Revocations revocations;
  private final LiveSessions live;
  private final Duration interval;
  private final BooleanSupplier running;
  private @Nullable Session admin;

  AdminWorker(
      FaultClient client,
      SoakRecorder recorder,
      Revocations revocations,
      LiveSessions live,
      Duration interval,
      BooleanSupplier running) {
    this.client = client;
    this.recorder = recorder;
    this.revocations = revocations;
    this.live = live;
    this.interval = interval;
    this.running = running;
  }

  @Override
  public void run() {
    while (running.getAsBoolean()) {
      Pause.of(interval);
      Session operator = admin;
      if (operator == null) {
        signIn();
        continue;
      }
      Optional<Session> victim = live.takeAny();
      if (victim.isEmpty()) {
        continue;
      }
      String phase = recorder.phase();
      Outcome outcome =
          client.json(1, "DELETE", "/admin/sessions/" + victim.get().sid(), operator, "");
      recorder.answer(phase, "force-logout", outcome, null);
      if (outcome.status() == 204) {
        revocations.revoked(victim.get(), Instant.now(), "forced logout");
        recorder.forcedLogouts.incrementAndGet();
      } else {
        // not ended: the user may keep it
        live.add(victim.get());
        if (outcome.status() == 401) {
          admin = null;
        }
      }
    }
  }

  private void signIn() {
    try {
      String phase = recorder.phase();
      FaultClient.Login login = client.attemptLoginAdmin(1);
      recorder.answer(phase, "login", login.outcome(), null);
      admin = login.session();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
