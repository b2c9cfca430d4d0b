package dev.gatehouse.bench.sessions;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Each gateway's heap after a full GC, and the per-session state the gateway keeps beyond L1 (its
 * stale-if-error entries), sampled at a fixed interval while the load runs: one figure at the start
 * and one at the end cannot tell a heap that is still growing from one that filled its bounded
 * caches and levelled off.
 */
final class HeapSamples implements AutoCloseable {

  /** One sample of every gateway, {@code elapsed} after the measurement started. */
  record Sample(Duration elapsed, List<Double> heapMiB, List<Double> staleEntries) {}

  private final List<Long> pids;
  private final List<URI> managements;
  private final long startNanos = System.nanoTime();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "heap-samples");
            thread.setDaemon(true);
            return thread;
          });

  private HeapSamples(List<Long> pids, List<URI> managements) {
    this.pids = List.copyOf(pids);
    this.managements = List.copyOf(managements);
  }

  /** Samples now and then every {@code interval} until closed. */
  static HeapSamples every(Duration interval, List<Long> pids, List<URI> managements) {
    HeapSamples heap = new HeapSamples(pids, managements);
    heap.timer.scheduleAtFixedRate(heap::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return heap;
  }

  private void sample() {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    List<Double> heap = new ArrayList<>();
    List<Double> stale = new ArrayList<>();
    try {
      for (int i = 0; i < pids.size(); i++) {
        heap.add(GatewayMetrics.heapAfterGcMiB(pids.get(i)));
        stale.add(GatewayMetrics.staleEntries(managements.get(i)));
      }
    } catch (RuntimeException ex) {
      // A gateway busy past jcmd's or the scrape's timeout: this sample is missing, not the run.
      IntrospectionCost.progress("heap sample at " + elapsed.toSeconds() + " s failed: " + ex);
      return;
    }
    synchronized (samples) {
      samples.add(new Sample(elapsed, heap, stale));
    }
  }

  /** Takes a last sample now and stops sampling. */
  List<Sample> finish() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.MINUTES);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
    sample();
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
