package dev.gatehouse.e2e;

import dev.gatehouse.e2e.AliceSessions.Answer;
import dev.gatehouse.e2e.AliceSessions.Login;
import dev.gatehouse.e2e.AliceSessions.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Traffic across both gateways while Redis fails over, recorded per phase: two readers call {@code
 * /api/me} with established sessions (alternating gateways; the answer must name the session's own
 * sid), and one churner logs in at one gateway, reads at the other, logs out, and then measures how
 * long until both gateways refuse the revoked cookie. Nothing is asserted here; the test asserts on
 * {@link #outcomes()} and {@link #revocations()}.
 */
final class FailoverTraffic {

  enum Phase {
    BEFORE,
    FAILOVER,
    AFTER
  }

  /**
   * One request: what kind ({@code api}, {@code login}, {@code logout}), its status and latency.
   */
  record Outcome(Phase phase, String kind, int status, boolean wrongIdentity, Duration latency) {}

  /**
   * One logout: the phase it happened in, whether the gateway it went through refused the cookie on
   * the next request, and how long the other gateway kept serving it (longer than 30 s: never).
   */
  record Revocation(Phase phase, Session session, boolean refusedAtOnce, Duration untilRefused) {}

  private static final Duration REVOCATION_CEILING = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(20);

  private final AliceSessions alice;
  private final List<Session> sessions;
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Revocation> revocations = new ConcurrentLinkedQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private volatile Phase phase = Phase.BEFORE;
  private volatile boolean running = true;

  FailoverTraffic(AliceSessions alice, List<Session> sessions) {
    this.alice = alice;
    this.sessions = List.copyOf(sessions);
  }

  void start() {
    workers.add(new Thread(() -> read(0), "reader-0"));
    workers.add(new Thread(() -> read(1), "reader-1"));
    workers.add(new Thread(this::churn, "churner"));
    // Daemons: a test that fails before stop() must not keep its JVM alive.
    workers.forEach(worker -> worker.setDaemon(true));
    workers.forEach(Thread::start);
  }

  void enter(Phase next) {
    this.phase = next;
  }

  /** Stops the workers after their current step. */
  void stop() throws InterruptedException {
    running = false;
    for (Thread worker : workers) {
      worker.join(Duration.ofSeconds(60).toMillis());
    }
  }

  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  List<Revocation> revocations() {
    return List.copyOf(revocations);
  }

  long count(Phase in, String kind) {
    return outcomes.stream().filter(o -> o.phase() == in && o.kind().equals(kind)).count();
  }

  private void read(int offset) {
    for (int i = offset; running; i++) {
      Session session = sessions.get(i % sessions.size());
      Phase at = phase;
      long started = System.nanoTime();
      Answer me = alice.me((i + offset) % 2, session.token());
      record(at, "api", me.status(), !isOwn(me, session), started);
    }
  }

  private void churn() {
    for (int i = 0; running; i++) {
      int gateway = i % 2;
      int other = 1 - gateway;
      Phase at = phase;
      long started = System.nanoTime();
      Login login = alice.login(gateway);
      record(at, "login", login.loginStatus(), false, started);
      Session session = login.session();
      if (session == null) {
        if (login.me().status() >= 0) {
          record(at, "api", login.me().status(), false, started);
        }
        continue;
      }
      record(at, "api", 200, !"alice".equals(login.me().username()), started);
      started = System.nanoTime();
      Answer elsewhere = alice.me(other, session.token());
      record(at, "api", elsewhere.status(), !isOwn(elsewhere, session), started);
      started = System.nanoTime();
      record(phase, "logout", alice.logout(gateway, session), false, started);
      revoked(phase, gateway, other, session);
    }
  }

  /** The same instance must refuse at once; the other within the revocation bound. */
  private void revoked(Phase at, int gateway, int other, Session session) {
    long loggedOut = System.nanoTime();
    boolean refusedAtOnce = alice.me(gateway, session.token()).status() == 401;
    long deadline = loggedOut + REVOCATION_CEILING.toNanos();
    while (alice.me(other, session.token()).status() != 401) {
      if (System.nanoTime() > deadline) {
        revocations.add(
            new Revocation(at, session, refusedAtOnce, REVOCATION_CEILING.plusNanos(1)));
        return;
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    revocations.add(
        new Revocation(
            at, session, refusedAtOnce, Duration.ofNanos(System.nanoTime() - loggedOut)));
  }

  private void record(Phase at, String kind, int status, boolean wrong, long startedNanos) {
    outcomes.add(
        new Outcome(at, kind, status, wrong, Duration.ofNanos(System.nanoTime() - startedNanos)));
  }

  private static boolean isOwn(Answer me, Session session) {
    return me.status() != 200 || (session.sid().equals(me.sid()) && "alice".equals(me.username()));
  }

  /** Per phase: requests, statuses by kind, p50/p99 latency, and revocation propagation. */
  String report() {
    StringBuilder report = new StringBuilder();
    for (Phase each : Phase.values()) {
      List<Outcome> in = outcomes.stream().filter(o -> o.phase() == each).toList();
      Map<String, Long> statuses =
          in.stream()
              .collect(
                  Collectors.groupingBy(
                      o -> o.kind() + " " + o.status(), TreeMap::new, Collectors.counting()));
      List<Long> millis = in.stream().map(o -> o.latency().toMillis()).sorted().toList();
      List<Long> propagation =
          revocations.stream()
              .filter(r -> r.phase() == each)
              .map(r -> r.untilRefused().toMillis())
              .sorted()
              .toList();
      report.append(
          String.format(
              "%-8s requests=%d statuses=%s p50=%dms p99=%dms revocations=%d"
                  + " other-gateway-refused-after(ms)=%s%n",
              each,
              in.size(),
              statuses,
              percentile(millis, 50),
              percentile(millis, 99),
              propagation.size(),
              propagation));
    }
    return report.toString();
  }

  private static long percentile(List<Long> sorted, int percent) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
  }
}
