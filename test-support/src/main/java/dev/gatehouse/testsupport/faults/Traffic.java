package dev.gatehouse.testsupport.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Requests from several sessions at once, one thread per target, each sending {@code GET /api/me}
 * again as soon as the previous answer arrived (plus a short pause, so two cores are not saturated
 * by the client), every answer recorded with the phase it was sent in. A test switches the phase
 * when it breaks or heals something and then checks, per phase, the status mix, the slowest answer,
 * and that no 200 named another session than the one that sent it.
 */
public final class Traffic implements AutoCloseable {

  private static final Duration PAUSE = Duration.ofMillis(50);

  /** Who sends: a group name for assertions (e.g. "cached"), the gateway and the session. */
  public record Target(String group, int gateway, Session session) {}

  /** One answer, with the phase in which its request was sent and when it arrived. */
  public record Sample(String phase, Target target, Outcome outcome, Instant answeredAt) {

    /** A 200 for another session than the one that sent the request. */
    public boolean wrongIdentity() {
      return outcome.status() == 200 && !outcome.isFor(target.session());
    }
  }

  private final FaultClient client;
  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, Instant> phaseEnds = new ConcurrentHashMap<>();
  private volatile String phase;
  private volatile boolean running = true;

  private Traffic(FaultClient client, List<Target> targets, String phase) {
    this.client = client;
    this.phase = phase;
    for (Target target : targets) {
      Thread thread = new Thread(() -> drive(target), "traffic-" + target.session().sid());
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  /** Starts sending from every target, in phase {@code phase}. */
  public static Traffic start(FaultClient client, List<Target> targets, String phase) {
    return new Traffic(client, targets, phase);
  }

  /** Requests sent from now on belong to {@code name}. */
  public void phase(String name) {
    phaseEnds.put(phase, Instant.now());
    this.phase = name;
  }

  /** How many answers of the phase arrived from targets of {@code group}. */
  public long count(String phase, String group) {
    return samples(phase, group).size();
  }

  /**
   * The answers to requests sent in {@code phase} that arrived before the phase ended: a request
   * sent while a service was frozen but answered after the test switched phases and thawed it
   * belongs to neither.
   */
  public List<Sample> samples(String phase, String group) {
    return select(sample -> within(sample, phase) && sample.target().group().equals(group));
  }

  /** {@link #samples(String, String)} of every group. */
  public List<Sample> samples(String phase) {
    return select(sample -> within(sample, phase));
  }

  private boolean within(Sample sample, String phase) {
    Instant end = phaseEnds.get(phase);
    return sample.phase().equals(phase) && (end == null || !sample.answeredAt().isAfter(end));
  }

  /** Every answer of every phase that was a 200 for another session. */
  public List<Sample> wrongIdentities() {
    return select(Sample::wrongIdentity);
  }

  /** Status → count for a phase and group, e.g. {@code {200=41, 503=12}}. */
  public Map<Integer, Long> statusMix(String phase, String group) {
    return samples(phase, group).stream()
        .collect(
            Collectors.groupingBy(
                sample -> sample.outcome().status(), TreeMap::new, Collectors.counting()));
  }

  /** The slowest answer of the phase. */
  public Duration slowest(String phase) {
    return samples(phase).stream()
        .map(sample -> sample.outcome().elapsed())
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  /** Stops sending and waits for the requests in flight to be answered. */
  @Override
  public void close() {
    running = false;
    for (Thread thread : threads) {
      try {
        thread.join(FaultClient.CLIENT_TIMEOUT.plusSeconds(5).toMillis());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void drive(Target target) {
    while (running) {
      String sentIn = phase;
      Outcome outcome = client.me(target.gateway(), target.session());
      samples.add(new Sample(sentIn, target, outcome, Instant.now()));
      try {
        Thread.sleep(PAUSE.toMillis());
      } catch (InterruptedException ex) {
        return;
      }
    }
  }

  private List<Sample> select(Predicate<Sample> filter) {
    return samples.stream().filter(filter).toList();
  }
}
