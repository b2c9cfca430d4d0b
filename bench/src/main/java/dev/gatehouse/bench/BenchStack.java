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

/**
 * Everything the benchmark measures, on 127.0.0.1 and random free ports: the stub upstream (in this
 * JVM), auth-service on its embedded defaults (H2 file in the work directory, demo users, no Redis)
 * and two gateways in front of both, one with the default caches ("warm") and one with its L1 cache
 * off ("cold"). {@link #close()} stops all of it, also from the shutdown hook.
 */
final class BenchStack implements AutoCloseable {

  /** Full JIT (no C1-only start-up flags): the numbers are about steady state. */
  private static final List<String> JVM_OPTIONS = List.of("-Xms512m", "-Xmx512m");

  private static final Duration STARTUP = Duration.ofSeconds(150);

  final String alicePassword = randomSecret();
  final String clientSecret = randomSecret();
  final StubUpstream stub;
  final Endpoint authService;
  final Endpoint warmGateway;
  final Endpoint coldGateway;
  private final Map<Endpoint, ServiceProcess> services = new LinkedHashMap<>();
  private boolean closed;

  /** A started service: where it answers and where its actuator is. */
  record Endpoint(String name, URI base, URI management) {

    URI uri(String path) {
      return base.resolve(path);
    }
  }

  private BenchStack() {
    stub = StubUpstream.start();
    int authPort = FreePorts.next();
    authService = endpoint("auth-service", authPort, authPort);
    warmGateway = endpoint("gateway-warm", FreePorts.next(), FreePorts.next());
    coldGateway = endpoint("gateway-cold", FreePorts.next(), FreePorts.next());
  }

  /**
   * Starts everything and waits until every service is healthy; on any failure stops what was
   * started and rethrows.
   */
  static BenchStack start(BenchSettings settings) {
    Path workDir = prepare(settings.workDir());
    BenchStack stack = new BenchStack();
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stop"));
    try {
      stack.launch(settings, workDir);
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

  private void launch(BenchSettings settings, Path workDir) {
    Path routes =
        GatewayRoutes.write(
            workDir.resolve("gateway-routes.yml"), stub.baseUrl(), authService.base().toString());
    register(
        authService,
        ServiceProcess.start(
            authService.name(),
            settings.authServiceJar(),
            workDir,
            JVM_OPTIONS,
            List.of(
                "--spring.profiles.active=embedded",
                "--server.address=127.0.0.1",
                "--server.port=" + authService.base().getPort(),
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
                "--gatehouse.upstream.demo-backend=" + stub.baseUrl(),
                "--gatehouse.introspection.client-secret=" + clientSecret,
                "--gatehouse.token.issuer=" + gateway.base()));
    arguments.addAll(settings.gatewayArguments());
    arguments.addAll(extra);
    return ServiceProcess.start(
        gateway.name(), settings.gatewayJar(), workDir, JVM_OPTIONS, arguments);
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
   * Stops every service (all asked at once, then awaited) and the stub. Idempotent; synchronized so
   * that the shutdown hook waits for a stop already under way.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    services.values().forEach(ServiceProcess::stop);
    services.values().forEach(ServiceProcess::awaitStopped);
    stub.close();
  }

  private static Endpoint endpoint(String name, int port, int managementPort) {
    return new Endpoint(
        name,
        URI.create("http://127.0.0.1:" + port),
        URI.create("http://127.0.0.1:" + managementPort));
  }

  /** A fresh work directory: no H2 database or logs from an earlier run. */
  private static Path prepare(Path workDir) {
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
