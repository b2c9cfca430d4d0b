package dev.gatehouse.bench.soak;

import dev.gatehouse.bench.Pause;
import dev.gatehouse.testsupport.faults.FaultClient;
import dev.gatehouse.testsupport.faults.Outcome;
import dev.gatehouse.testsupport.faults.Session;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions ended by a logout or a forced logout, with the moment the ending was acknowledged. Any
 * request sent later than {@code bound} after that moment and answered 200 for the session is a
 * violation; a probe thread keeps asking both gateways for every revoked session for a while after
 * the bound, so a violation is found even when no worker uses the session any more.
 */
final class Revocations {

  private static final Duration PROBE_FOR = Duration.ofSeconds(10);

  private record Revoked(Session session, Instant at, String how) {}

  private final Map<String, Revoked> revoked = new ConcurrentHashMap<>();
  private final SoakRecorder recorder;
  private final Duration bound;

  Revocations(SoakRecorder recorder, Duration bound) {
    this.recorder = recorder;
    this.bound = bound;
  }

  void revoked(Session session, Instant at, String how) {
    revoked.put(session.sid(), new Revoked(session, at, how));
  }

  boolean isRevoked(Session session) {
    return revoked.containsKey(session.sid());
  }

  /** Whether a request for {@code session} sent at {@code sentAt} must be refused. */
  boolean pastBound(Session session, Instant sentAt) {
    Revoked entry = revoked.get(session.sid());
    return entry != null && sentAt.isAfter(entry.at().plus(bound));
  }

  /** Checks an answer: a 200 after the bound is recorded as a violation. */
  void check(Session session, Instant sentAt, Outcome outcome, String what) {
    if (outcome.status() / 100 == 2 && pastBound(session, sentAt)) {
      Revoked entry = revoked.get(session.sid());
      recorder.servedAfterRevocation(
          what
              + " for "
              + session
              + " answered "
              + outcome.status()
              + " "
              + Duration.between(entry.at(), sentAt).toMillis()
              + " ms after its "
              + entry.how()
              + " (phase "
              + recorder.phase()
              + ")");
    }
  }

  /** Probes every recently revoked session on both gateways, until {@code running} is false. */
  void probe(FaultClient client, java.util.function.BooleanSupplier running) {
    while (running.getAsBoolean()) {
      Instant now = Instant.now();
      for (Revoked entry : revoked.values()) {
        Instant from = entry.at().plus(bound);
        if (now.isBefore(from) || now.isAfter(from.plus(PROBE_FOR))) {
          continue;
        }
        for (int gateway = 0; gateway < 2; gateway++) {
          Instant sentAt = Instant.now();
          String phase = recorder.phase();
          Outcome outcome = client.me(gateway, entry.session());
          recorder.revocationProbes.incrementAndGet();
          recorder.answer(phase, "probe", outcome, null);
          check(entry.session(), sentAt, outcome, "probe at gateway " + gateway);
        }
      }
      Pause.of(Duration.ofMillis(500));
    }
  }
}
