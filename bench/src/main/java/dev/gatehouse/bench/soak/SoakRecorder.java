package dev.gatehouse.bench.soak;

import dev.gatehouse.testsupport.faults.Outcome;
import dev.gatehouse.testsupport.faults.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the soak counts, thread-safe: each answer with the phase its request was sent in, the
 * answers that named another session than the sender's (identity mismatches), and the answers that
 * served a session after its revocation bound.
 */
final class SoakRecorder {

  /** One answered (or unanswered) request. */
  record Answer(String phase, String kind, int status, long micros) {}

  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> servedAfterRevocation = new ConcurrentLinkedQueue<>();
  private final List<String> phaseOrder = Collections.synchronizedList(new ArrayList<>());
  private volatile String phase = "warm-up";
  final AtomicLong identityChecks = new AtomicLong();
  final AtomicLong streamEvents = new AtomicLong();
  final AtomicLong streamsOpened = new AtomicLong();
  final AtomicLong streamsClosedAfterRevocation = new AtomicLong();
  final AtomicLong logouts = new AtomicLong();
  final AtomicLong forcedLogouts = new AtomicLong();
  final AtomicLong revocationProbes = new AtomicLong();

  SoakRecorder() {
    phaseOrder.add(phase);
  }

  String phase() {
    return phase;
  }

  void phase(String name) {
    phase = name;
    if (!phaseOrder.contains(name)) {
      phaseOrder.add(name);
    }
  }

  /** Records an answer; a 200 naming a session is checked against {@code sender}. */
  void answer(
      String sentIn,
      String kind,
      Outcome outcome,
      @org.jspecify.annotations.Nullable Session sender) {
    answers.add(new Answer(sentIn, kind, outcome.status(), outcome.elapsed().toNanos() / 1000));
    if (sender != null && outcome.status() == 200 && outcome.sid() != null) {
      identityChecks.incrementAndGet();
      if (!outcome.isFor(sender)) {
        mismatches.add(
            kind + " for " + sender + " answered as sid=" + outcome.sid() + " in " + sentIn);
      }
    }
  }

  /** A stream event (or any answer) whose identity did not match its session. */
  void mismatch(String description) {
    mismatches.add(description);
  }

  void servedAfterRevocation(String description) {
    servedAfterRevocation.add(description);
  }

  List<String> mismatches() {
    return List.copyOf(mismatches);
  }

  List<String> servedAfterRevocation() {
    return List.copyOf(servedAfterRevocation);
  }

  long requests() {
    return answers.size();
  }

  /** Answers to the revocation probes by status (401 expected). */
  Map<Integer, Long> probeStatuses() {
    Map<Integer, Long> statuses = new TreeMap<>();
    answers.stream()
        .filter(answer -> answer.kind().equals("probe"))
        .forEach(answer -> statuses.merge(answer.status(), 1L, Long::sum));
    return statuses;
  }

  /** Per phase, in the order phases first began: status histogram and latency percentiles. */
  Map<String, PhaseSummary> summaries() {
    Map<String, List<Answer>> byPhase = new LinkedHashMap<>();
    synchronized (phaseOrder) {
      phaseOrder.forEach(name -> byPhase.put(name, new ArrayList<>()));
    }
    answers.forEach(
        answer -> byPhase.computeIfAbsent(answer.phase(), k -> new ArrayList<>()).add(answer));
    Map<String, PhaseSummary> summaries = new LinkedHashMap<>();
    byPhase.forEach((name, list) -> summaries.put(name, PhaseSummary.of(list)));
    return summaries;
  }

  /** One row of the report. */
  record PhaseSummary(
      long requests,
      Map<Integer, Long> statuses,
      Duration p50,
      Duration p99,
      Duration max,
      Map<String, Long> failuresByKind) {

    static PhaseSummary of(List<Answer> answers) {
      Map<Integer, Long> statuses = new TreeMap<>();
      Map<String, Long> failures = new TreeMap<>();
      long[] micros = new long[answers.size()];
      for (int i = 0; i < answers.size(); i++) {
        Answer answer = answers.get(i);
        statuses.merge(answer.status(), 1L, Long::sum);
        if (answer.status() >= 500 || answer.status() < 0) {
          failures.merge(answer.kind() + " " + answer.status(), 1L, Long::sum);
        }
        micros[i] = answer.micros();
      }
      java.util.Arrays.sort(micros);
      return new PhaseSummary(
          answers.size(),
          statuses,
          percentile(micros, 0.50),
          percentile(micros, 0.99),
          micros.length == 0 ? Duration.ZERO : Duration.ofNanos(micros[micros.length - 1] * 1000),
          failures);
    }

    private static Duration percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Duration.ZERO;
      }
      int index = (int) Math.ceil(p * sorted.length) - 1;
      return Duration.ofNanos(sorted[Math.max(0, index)] * 1000);
    }
  }
}
