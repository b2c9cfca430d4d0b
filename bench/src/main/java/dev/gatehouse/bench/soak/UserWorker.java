package dev.gatehouse.bench.soak;

import dev.gatehouse.bench.Pause;
import dev.gatehouse.testsupport.faults.FaultClient;
import dev.gatehouse.testsupport.faults.Outcome;
import dev.gatehouse.testsupport.faults.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One user: logs in at a random gateway, then calls {@code /api/me} (identity checked), writes
 * notes (each acknowledged text remembered, to be read back at the end), switches gateways now and
 * then, and logs out once in a while; a 401 means the admin logged the session out, and the user
 * signs in again. Failed logins (outages) are retried after a pause.
 */
final class UserWorker implements Runnable {

  private final FaultClient client;
  private final SoakRecorder recorder;
  private final Revocations revocations;
  private final LiveSessions live;
  private final Queue<String> acknowledgedNotes;
  private final BooleanSupplier running;
  private @Nullable Session session;
  private int gateway;

  UserWorker(
      FaultClient client,
      SoakRecorder recorder,
      Revocations revocations,
      LiveSessions live,
      Queue<String> acknowledgedNotes,
      BooleanSupplier running) {
    this.client = client;
    this.recorder = recorder;
    this.revocations = revocations;
    this.live = live;
    this.acknowledgedNotes = acknowledgedNotes;
    this.running = running;
  }

  @Override
  public void run() {
    while (running.getAsBoolean()) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      Session current = session;
      if (current == null) {
        login(random.nextInt(2));
      } else {
        int dice = random.nextInt(100);
        if (dice < 70) {
          me(current);
        } else if (dice < 90) {
          writeNote(current);
        } else if (dice < 95) {
          gateway = 1 - gateway;
        } else {
          logout(current);
        }
      }
      Pause.of(Duration.ofMillis(50 + random.nextInt(100)));
    }
  }

  private void login(int at) {
    String phase = recorder.phase();
    FaultClient.Login login = client.attemptLoginAlice(at);
    recorder.answer(phase, "login", login.outcome(), null);
    if (login.session() != null) {
      session = login.session();
      gateway = at;
      live.add(login.session());
    } else {
      Pause.of(Duration.ofMillis(500));
    }
  }

  private void me(Session current) {
    Instant sentAt = Instant.now();
    String phase = recorder.phase();
    Outcome outcome = client.me(gateway, current);
    recorder.answer(phase, "me", outcome, current);
    revocations.check(current, sentAt, outcome, "GET /api/me");
    endedByAdmin(current, outcome);
  }

  private void writeNote(Session current) {
    String text = "soak " + UUID.randomUUID();
    Instant sentAt = Instant.now();
    String phase = recorder.phase();
    Outcome outcome =
        client.json(gateway, "POST", "/api/notes", current, "{\"text\":\"" + text + "\"}");
    recorder.answer(phase, "note", outcome, null);
    revocations.check(current, sentAt, outcome, "POST /api/notes");
    if (outcome.status() == 201) {
      acknowledgedNotes.add(text);
    }
    endedByAdmin(current, outcome);
  }

  private void logout(Session current) {
    String phase = recorder.phase();
    Outcome outcome = client.json(gateway, "POST", "/logout", current, "");
    recorder.answer(phase, "logout", outcome, null);
    if (outcome.status() == 204) {
      live.remove(current);
      revocations.revoked(current, Instant.now(), "logout at gateway " + gateway);
      recorder.logouts.incrementAndGet();
      session = null;
    }
  }

  private void endedByAdmin(Session current, Outcome outcome) {
    if (outcome.status() == 401) {
      live.remove(current);
      session = null;
    }
  }
}
