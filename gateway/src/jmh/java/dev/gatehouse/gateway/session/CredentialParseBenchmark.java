package dev.gatehouse.gateway.session;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.protocol.SessionTokenFormat;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * Step 1 of every authenticated request: the {@code Cookie} header (the session cookie between two
 * others) → a checked {@link SessionCredential} (the keyed check value, then the SHA-256 digest the
 * caches are keyed by).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CredentialParseBenchmark {

  private SessionCredentialResolver resolver;
  private ServerHttpRequest request;

  @Setup
  public void setUp() {
    resolver =
        new SessionCredentialResolver(
            new SessionProperties("GATEHOUSE_SESSION", 4096, TestSessions.TOKEN_SECRET),
            new SessionTokenFormat(TestSessions.TOKEN_SECRET, new SecureRandom()));
    request =
        MockServerHttpRequest.get("http://gateway.example/gh/x")
            .header(
                HttpHeaders.COOKIE,
                "theme=dark; GATEHOUSE_SESSION=" + TestSessions.newToken() + "; _ga=GA1.2.3.4")
            .build();
  }

  @Benchmark
  public CredentialResolution resolve() {
    return resolver.resolve(request);
  }
}
