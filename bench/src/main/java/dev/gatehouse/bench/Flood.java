package dev.gatehouse.bench;

import dev.gatehouse.protocol.SessionTokenFormat;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * One hostile client flooding a gateway with bearer tokens that name no session, from its own
 * loopback address ({@value #ADDRESS}, so the gateway tells it apart from the real users on
 * 127.0.0.1 by the connection alone): every request carries a new token, as an attacker probing for
 * sessions (or pushing auth-service over) would send.
 */
final class Flood implements AutoCloseable {

  /** Linux routes all of 127.0.0.0/8 to the loopback interface: a second client address. */
  static final String ADDRESS = "127.0.0.2";

  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** What the flood sends. */
  enum Kind {
    /** No flood: the real users alone, the baseline of the introspection rate. */
    NONE("no flood (real users only)"),
    /** 40 random bytes in the token's shape: the check value fails. */
    RANDOM("random tokens (check fails)"),
    /** Tokens with a valid check value that name no session: the secret has leaked. */
    CHECK_VALID("check-valid unknown tokens (secret leaked)");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** The flood's side of one phase: requests answered, by status, and how long it ran. */
  record Result(Map<Integer, Long> statuses, long errors, Duration elapsed) {

    long total() {
      return statuses.values().stream().mapToLong(Long::longValue).sum() + errors;
    }

    /** Statuses other than 401 and 429, and failed requests, for the note under the table. */
    String othersDetail() {
      StringBuilder detail = new StringBuilder();
      statuses.forEach(
          (status, count) -> {
            if (status != 401 && status != 429) {
              detail.append(status).append(": ").append(count).append(' ');
            }
          });
      if (errors > 0) {
        detail.append("no answer: ").append(errors);
      }
      return detail.toString().trim();
    }

    double requestsPerSecond() {
      return total() / (elapsed.toNanos() / 1e9);
    }

    long count(int status) {
      return statuses.getOrDefault(status, 0L);
    }

    long others() {
      return total() - count(401) - count(429);
    }
  }

  private final LoopResources loops = LoopResources.create("bench-flood", 1, true);
  private final SessionTokenFormat format;

  /**
   * @param tokenSecret the secret the services key session tokens with (the bench gave it to them)
   */
  Flood(String tokenSecret) {
    this.format = new SessionTokenFormat(tokenSecret, new SecureRandom());
  }

  /** Floods {@code url} for {@code duration} with {@code concurrency} requests in flight. */
  Result run(URI url, Kind kind, int concurrency, Duration duration) {
    if (kind == Kind.NONE) {
      Pause.of(duration);
      return new Result(Map.of(), 0, duration);
    }
    Supplier<String> tokens = kind == Kind.RANDOM ? Flood::randomToken : format::generate;
    ConnectionProvider connections =
        ConnectionProvider.builder("bench-flood")
            .maxConnections(concurrency)
            .pendingAcquireMaxCount(-1)
            .build();
    try {
      HttpClient client =
          HttpClient.create(connections)
              .runOn(loops)
              .bindAddress(() -> new InetSocketAddress(ADDRESS, 0))
              .responseTimeout(RESPONSE_TIMEOUT)
              .baseUrl(url.getScheme() + "://" + url.getAuthority());
      Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
      LongAdder errors = new LongAdder();
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      Flux.range(0, concurrency)
          .flatMap(
              worker ->
                  Mono.defer(() -> one(client, url.getRawPath(), tokens.get(), statuses, errors))
                      .repeat(() -> System.nanoTime() < deadline)
                      .then(),
              concurrency)
          .then()
          .block(duration.plus(RESPONSE_TIMEOUT).plusSeconds(10));
      Map<Integer, Long> counted = new TreeMap<>();
      statuses.forEach((status, count) -> counted.put(status, count.sum()));
      return new Result(counted, errors.sum(), Duration.ofNanos(System.nanoTime() - start));
    } finally {
      connections.disposeLater().block(Duration.ofSeconds(10));
    }
  }

  private static Mono<Void> one(
      HttpClient client,
      String path,
      String token,
      Map<Integer, LongAdder> statuses,
      LongAdder errors) {
    return client
        .headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
        .get()
        .uri(path)
        .responseSingle(
            (response, body) -> body.asByteArray().then(Mono.just(response.status().code())))
        .doOnNext(status -> statuses.computeIfAbsent(status, s -> new LongAdder()).increment())
        .then()
        .onErrorResume(
            error -> {
              errors.increment();
              return Mono.delay(Duration.ofMillis(10)).then();
            });
  }

  /** Made up, not secret: a fast generator keeps the flood's own cost low. */
  private static String randomToken() {
    byte[] bytes = new byte[SessionTokenFormat.RANDOM_BYTES + SessionTokenFormat.CHECK_BYTES];
    ThreadLocalRandom.current().nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  @Override
  public void close() {
    loops.dispose();
  }
}
