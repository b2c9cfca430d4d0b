package dev.gatehouse.bench;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Everything the benchmark measures, on 127.0.0.1 and random free ports: the shared upstream (a
 * static nginx, or the Java stub without nginx), auth-service on its embedded defaults (H2 file in
 * the work directory, demo users, no Redis), two gateways in front of both, one with the default
 * caches ("warm") and one with its L1 cache off ("cold"), and the nginx {@code auth_request} peers
 * (rows e and f, one nginx with two servers) where nginx is available. {@link #close()} stops all
 * of it, also from the shutdown hook.
 */
final class BenchStack implements AutoCloseable {

  /** Full JIT (no C1-only start-up flags): the numbers are about steady state. */
  private static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m");

  /**
   * Generous: on a 2-core machine shared with other builds a service took over five minutes to
   * start; on a quiet one it takes 15 s.
   */
  static final Duration STARTUP = Duration.ofMinutes(10);

  private static final String CLIENT_ID = "gateway";

  final String alicePassword = randomSecret();
  final String clientSecret = randomSecret();
  final Endpoint authService;
  final Endpoint warmGateway;
  final Endpoint coldGateway;
  final URI peerPlain;
  final URI peerCached;
  private final Map<Endpoint, ServiceProcess> services = new LinkedHashMap<>();
  private @Nullable Upstream upstream;
  private @Nullable NginxServer peers;
  private boolean closed;

  /** A started service: where it answers and where its actuator is. */
  record Endpoint(String name, URI base, URI management) {

    URI uri(String path) {
      return base.resolve(path);
    }
  }

  private BenchStack() {
    int authPort = FreePorts.next();
    authService = endpoint("auth-service", authPort, authPort);
    warmGateway = endpoint("gateway-warm", FreePorts.next(), FreePorts.next());
    coldGateway = endpoint("gateway-cold", FreePorts.next(), FreePorts.next());
    peerPlain = URI.create("http://127.0.0.1:" + FreePorts.next());
    peerCached = URI.create("http://127.0.0.1:" + FreePorts.next());
  }

  /**
   * Starts everything and waits until every service is healthy; on any failure stops what was
   * started and rethrows.
   *
   * @param nginx the nginx executable, or {@code null}: then the Java stub is the upstream and the
   *     peer rows are left out
   */
  static BenchStack start(BenchSettings settings, @Nullable Nginx nginx) {
    Path workDir = settings.workDir();
    BenchStack stack = new BenchStack();
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stop"));
    try {
      int workers = Runtime.getRuntime().availableProcessors();
      stack.upstream(
          nginx == null
              ? StubUpstream.start()
              : NginxUpstream.start(
                  nginx.executable(),
                  nginx.version(),
                  workDir.resolve("nginx-static"),
                  FreePorts.next(),
                  workers));
      stack.launch(settings, workDir);
      if (nginx != null) {
        Path directory = workDir.resolve("nginx-peers");
        stack.peers(
            NginxServer.start(
                "nginx auth_request peers",
                nginx.executable(),
                directory,
                NginxConfigs.authRequestPeers(
                    directory,
                    stack.peerPlain.getPort(),
                    stack.peerCached.getPort(),
                    workers,
                    stack.upstream().baseUrl(),
                    stack.authService.base().toString(),
                    CLIENT_ID,
                    stack.clientSecret),
                List.of(stack.peerPlain.getPort(), stack.peerCached.getPort())));
      }
      for (Endpoint endpoint : List.of(stack.authService, stack.warmGateway, stack.coldGateway)) {
        stack
            .process(endpoint)
            .awaitHealthy(endpoint.management().resolve("/actuator/health"), STARTUP);
      }
      return stack;
    } catch (RuntimeException ex) {
      stack.close();
      throw ex;
    }
  }

  /** The executable and the version line of the nginx the benchmark runs. */
  record Nginx(Path executable, String version) {}

  private synchronized void upstream(Upstream started) {
    upstream = started;
    if (closed) {
      started.close();
    }
  }

  private synchronized void peers(NginxServer started) {
    peers = started;
    if (closed) {
      started.close();
    }
  }

  synchronized Upstream upstream() {
    if (upstream == null) {
      throw new IllegalStateException("the upstream was not started");
    }
    return upstream;
  }

  /** The nginx peers, when nginx runs. */
  synchronized @Nullable NginxServer peers() {
    return peers;
  }

  private void launch(BenchSettings settings, Path workDir) {
    Path routes =
        GatewayRoutes.write(
            workDir.resolve("gateway-routes.yml"),
            upstream().baseUrl(),
            authService.base().toString());
    register(
        authService,
        ServiceProcess.start(
            authService.name(),
            settings.authServiceJar(),
            workDir,
            jvmOptions(settings.authServiceJvmArguments()),
            List.of(
                "--spring.profiles.active=embedded",
                "--server.address=127.0.0.1",
                "--server.port=" + authService.base().getPort(),
                "--gatehouse.introspection.client-id=" + CLIENT_ID,
                "--gatehouse.introspection.client-secret=" + clientSecret,
                "--gatehouse.demo.alice-password=" + alicePassword,
                "--gatehouse.demo.admin-password=" + randomSecret(),
                "--gatehouse.gateway-url=" + warmGateway.base(),
                "--gatehouse.token.issuer=" + warmGateway.base())));
    register(warmGateway, startGateway(settings, workDir, warmGateway, routes, List.of()));
    register(
        coldGateway,
        startGateway(
            settings,
            workDir,
            coldGateway,
            routes,
            // Every request of the cold row is a miss by design: no per-client miss budget there.
            List.of(
                "--gatehouse.cache.l1-ttl=0s",
                "--gatehouse.cache.l1-negative-ttl=0s",
                "--gatehouse.introspection.client-miss-rate=0")));
  }

  private ServiceProcess startGateway(
      BenchSettings settings, Path workDir, Endpoint gateway, Path routes, List<String> extra) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.address=127.0.0.1",
                "--server.port=" + gateway.base().getPort(),
                "--management.server.address=127.0.0.1",
                "--management.server.port=" + gateway.management().getPort(),
                "--spring.config.additional-location=file:" + routes,
                "--gatehouse.upstream.auth-service=" + authService.base(),
                "--gatehouse.upstream.demo-backend=" + upstream().baseUrl(),
                "--gatehouse.introspection.client-secret=" + clientSecret,
                "--gatehouse.token.issuer=" + gateway.base()));
    arguments.addAll(settings.gatewayArguments());
    arguments.addAll(extra);
    return ServiceProcess.start(
        gateway.name(),
        settings.gatewayJar(),
        workDir,
        jvmOptions(settings.gatewayJvmArguments()),
        arguments);
  }

  private synchronized void register(Endpoint endpoint, ServiceProcess service) {
    services.put(endpoint, service);
    if (closed) {
      // Stopped (Ctrl-C, watchdog) while this one was being launched.
      service.stop();
      service.awaitStopped();
    }
  }

  synchronized ServiceProcess process(Endpoint endpoint) {
    ServiceProcess service = services.get(endpoint);
    if (service == null) {
      throw new IllegalStateException(endpoint.name() + " was not started");
    }
    return service;
  }

  /**
   * Stops every service (all asked at once, then awaited), the nginx peers and the upstream.
   * Idempotent; synchronized so that the shutdown hook waits for a stop already under way.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    services.values().forEach(ServiceProcess::stop);
    services.values().forEach(ServiceProcess::awaitStopped);
    if (peers != null) {
      peers.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  /** The defaults first, so that the extra options, coming later, win. */
  private static List<String> jvmOptions(List<String> extra) {
    List<String> options = new ArrayList<>(JVM_OPTIONS);
    options.addAll(extra);
    return options;
  }

  private static Endpoint endpoint(String name, int port, int managementPort) {
    return new Endpoint(
        name,
        URI.create("http://127.0.0.1:" + port),
        URI.create("http://127.0.0.1:" + managementPort));
  }

  /** A fresh work directory: no H2 database or logs from an earlier run. */
  static Path prepare(Path workDir) {
    try {
      if (Files.isDirectory(workDir)) {
        try (Stream<Path> paths = Files.walk(workDir)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      return Files.createDirectories(workDir);
    } catch (IOException ex) {
      throw new UncheckedIOException("could not prepare " + workDir, ex);
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
