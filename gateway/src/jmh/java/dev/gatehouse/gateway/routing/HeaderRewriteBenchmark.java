package dev.gatehouse.gateway.routing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.gatehouse.gateway.TestSessions;
import dev.gatehouse.gateway.revocation.LongLivedConnections;
import dev.gatehouse.gateway.session.CredentialResolution;
import dev.gatehouse.gateway.session.Introspection;
import dev.gatehouse.gateway.session.IntrospectionProperties;
import dev.gatehouse.gateway.session.SessionIntrospector;
import dev.gatehouse.gateway.session.SessionProperties;
import dev.gatehouse.gateway.session.TestCredentials;
import dev.gatehouse.gateway.system.GatewayErrors;
import dev.gatehouse.gateway.token.InternalTokenMinter;
import dev.gatehouse.protocol.ClientAddressProof;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The header work of a relayed request, with a browser's headers: {@code sanitize} strips what
 * clients must not send (identity headers, the session cookie, untrusted forwarding headers);
 * {@code sanitizeAndRelay} also sets {@code Authorization: Bearer} and the identity headers, as
 * {@link RelayStep} does with a reused token (the minter is a stub here: {@code TokenBenchmark}
 * measures it). Each relay needs a fresh exchange (a response collects commit actions), so {@code
 * exchange} measures making one, to subtract.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderRewriteBenchmark {

  private SanitizeStep sanitize;
  private RelayStep relay;
  private Route route;
  private RoutePolicy policy;
  private Authentication.Authenticated authenticated;
  private MockServerHttpRequest request;
  private ServerWebExchange shared;
  private ServerWebExchange relayed;
  private final GatewayFilterChain chain =
      exchange -> {
        relayed = exchange;
        return Mono.empty();
      };

  @Setup
  public void setUp() {
    SessionProperties session = new SessionProperties("GATEHOUSE_SESSION", 4096, null);
    HeaderProperties headers = new HeaderProperties(List.of(), null);
    sanitize =
        new SanitizeStep(
            new SpoofableHeaders(headers, session),
            new AuthServiceUpstream(
                new IntrospectionProperties(
                    URI.create("http://auth.internal:9000/oauth2/introspect"),
                    "gateway",
                    "secret",
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(5))),
            new ClientAddresses(headers),
            new ClientAddressProof("a shared secret", Clock.systemUTC(), Duration.ofSeconds(60)));
    InternalTokenMinter minter = mock(InternalTokenMinter.class);
    when(minter.tokenFor(any(), anyString(), any())).thenReturn("eyJ.header.payload.signature");
    relay =
        new RelayStep(
            minter,
            mock(SessionIntrospector.class),
            new LongLivedConnections(),
            new Denials(new SimpleMeterRegistry(), mock(GatewayErrors.class)),
            session);
    route =
        Route.async()
            .id("bench")
            .uri(URI.create("http://backend.internal:8081"))
            .predicate(exchange -> true)
            .build();
    policy = new RoutePolicy("bench", "bench", AuthMode.REQUIRED, List.of(), null);
    String token = TestSessions.newToken();
    request =
        MockServerHttpRequest.get("http://gateway.example/gh/orders?page=2")
            .remoteAddress(new InetSocketAddress("198.51.100.7", 40000))
            .header(HttpHeaders.HOST, "gateway.example")
            .header(HttpHeaders.USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0")
            .header(HttpHeaders.ACCEPT, "application/json, text/plain, */*")
            .header(HttpHeaders.ACCEPT_LANGUAGE, "en-GB,en;q=0.9")
            .header(HttpHeaders.ACCEPT_ENCODING, "gzip, deflate, br")
            .header("X-Forwarded-For", "203.0.113.9")
            .header(HttpHeaders.COOKIE, "theme=dark; GATEHOUSE_SESSION=" + token)
            .build();
    CredentialResolution.Found found =
        (CredentialResolution.Found) TestCredentials.resolve(request);
    Instant now = Instant.now();
    authenticated =
        new Authentication.Authenticated(
            found.credential(),
            new Introspection.Active(
                "user-1",
                "alice",
                "sid-1",
                List.of("user", "admin"),
                now,
                now.plus(Duration.ofHours(8)),
                now));
    shared = MockServerWebExchange.from(request);
  }

  @Benchmark
  public ServerWebExchange sanitize() {
    return sanitize.apply(shared, route);
  }

  @Benchmark
  public ServerWebExchange exchange() {
    return MockServerWebExchange.from(request);
  }

  @Benchmark
  public ServerWebExchange sanitizeAndRelay() {
    ServerWebExchange stripped = sanitize.apply(MockServerWebExchange.from(request), route);
    relay.relay(stripped, chain, policy, authenticated);
    return relayed;
  }
}
