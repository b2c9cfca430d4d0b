package dev.gatehouse.gateway.token;

import dev.gatehouse.gateway.session.Introspection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The internal JWT for a relayed request: {@code reuse} is the warm path (the minted-token cache
 * hit: key built from the whole introspection, audience, claims and key id); {@code mint} signs a
 * new ES256 token every time (a session whose {@code exp} is now is never reused, on a clock that
 * stands still so the signing key never rotates).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenBenchmark {

  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private InternalTokenMinter minter;
  private Introspection.Active warm;
  private Introspection.Active ending;

  @Setup
  public void setUp() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    TokenProperties properties =
        new TokenProperties(
            "https://gateway.example",
            Duration.ofSeconds(60),
            0.1,
            4096,
            Duration.ofHours(24),
            Duration.ofMinutes(10));
    minter =
        new InternalTokenMinter(
            new SigningKeys(clock, properties), properties, clock, new SimpleMeterRegistry());
    warm = session(NOW.plus(Duration.ofHours(8)));
    ending = session(NOW);
    minter.tokenFor(warm, "bench", null);
  }

  @Benchmark
  public String reuse() {
    return minter.tokenFor(warm, "bench", null);
  }

  @Benchmark
  public String mint() {
    return minter.tokenFor(ending, "bench", null);
  }

  private static Introspection.Active session(Instant exp) {
    return new Introspection.Active(
        "user-1", "alice", "sid-" + exp.getEpochSecond(), List.of("user"), NOW, exp, NOW);
  }
}
