package dev.gatehouse.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A closed-loop load: {@code concurrency} workers, each with one keep-alive connection, each
 * sending its next request as soon as the previous one answered, for a fixed time and at most a
 * fixed number of requests. Latency is measured per request from send to the end of the response
 * body. Being closed-loop, it reports service time under that concurrency, not the latency an open
 * arrival rate would see once the server saturates (no coordinated-omission correction).
 */
final class LoadGenerator implements AutoCloseable {

  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);

  private final BenchSettings settings;
  private final LoopResources loops = LoopResources.create("bench-client", 1, true);

  LoadGenerator(BenchSettings settings) {
    this.settings = settings;
  }

  /** Warms {@code target} up, then measures it; {@code afterWarmup} runs between the two. */
  Measurement measure(Target target, Runnable afterWarmup) {
    ConnectionProvider connections = connections();
    try {
      List<HttpClient> clients = clients(target, connections);
      run(clients, target, settings.warmup());
      afterWarmup.run();
      return run(clients, target, settings.duration());
    } finally {
      connections.disposeLater().block(Duration.ofSeconds(10));
    }
  }

  /** Measures {@code target} for {@code duration} without a warm-up (beside another load). */
  Measurement measureFor(Target target, Duration duration) {
    ConnectionProvider connections = connections();
    try {
      return run(clients(target, connections), target, duration);
    } finally {
      connections.disposeLater().block(Duration.ofSeconds(10));
    }
  }

  /** Load that is not measured: gives a service's JIT compiler the hot paths to compile. */
  void warmUp(Target target, Duration duration) {
    ConnectionProvider connections = connections();
    try {
      run(clients(target, connections), target, duration);
    } finally {
      connections.disposeLater().block(Duration.ofSeconds(10));
    }
  }

  private ConnectionProvider connections() {
    return ConnectionProvider.builder("bench-client")
        .maxConnections(settings.concurrency())
        .pendingAcquireMaxCount(-1)
        .build();
  }

  private List<HttpClient> clients(Target target, ConnectionProvider connections) {
    HttpClient client =
        HttpClient.create(connections)
            .runOn(loops)
            .responseTimeout(RESPONSE_TIMEOUT)
            .baseUrl(target.url().getScheme() + "://" + target.url().getAuthority());
    if (target.sessions().isEmpty()) {
      return List.of(client);
    }
    return target.sessions().stream()
        .map(
            session ->
                client.headers(headers -> headers.set(HttpHeaderNames.COOKIE, session.header())))
        .toList();
  }

  private Measurement run(List<HttpClient> clients, Target target, Duration duration) {
    Histogram latencies = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    AtomicLong issued = new AtomicLong();
    String path = target.url().getRawPath();
    long start = System.nanoTime();
    long deadline = start + duration.toNanos();
    Flux.range(0, settings.concurrency())
        .flatMap(
            worker ->
                Mono.defer(
                        () -> {
                          long n = issued.getAndIncrement();
                          if (n >= settings.maxRequests()) {
                            return Mono.<Void>empty();
                          }
                          HttpClient client = clients.get((int) (n % clients.size()));
                          return timed(client, path, latencies, ok, failed);
                        })
                    .repeat(
                        () -> System.nanoTime() < deadline && issued.get() < settings.maxRequests())
                    .then(),
            settings.concurrency())
        .then()
        .block(duration.plus(RESPONSE_TIMEOUT).plusSeconds(10));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    return new Measurement(ok.sum(), failed.sum(), elapsed, latencies);
  }

  private static Mono<Void> timed(
      HttpClient client, String path, Histogram latencies, LongAdder ok, LongAdder failed) {
    long sent = System.nanoTime();
    return client
        .get()
        .uri(path)
        .responseSingle(
            (response, body) -> body.asByteArray().then(Mono.just(response.status().code())))
        .doOnNext(
            status -> {
              if (status == 200) {
                latencies.recordValue(
                    Math.min(HIGHEST_MICROS, Math.max(1, (System.nanoTime() - sent) / 1000)));
                ok.increment();
              } else {
                failed.increment();
              }
            })
        .then()
        // A refused or timed-out request counts as failed; a short pause keeps a dead target from
        // turning the loop into a busy spin.
        .onErrorResume(
            error -> {
              failed.increment();
              return Mono.delay(Duration.ofMillis(10)).then();
            });
  }

  @Override
  public void close() {
    loops.dispose();
  }
}
