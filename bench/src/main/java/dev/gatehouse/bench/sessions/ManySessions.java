package dev.gatehouse.bench.sessions;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.postgres.TestPostgres;
import dev.gatehouse.testsupport.process.ServiceProcess;
import dev.gatehouse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * 100 000 sessions across two gateways sharing Redis (L2): PostgreSQL, Redis, auth-service and two
 * gateways as real processes on random loopback ports, the sessions seeded with real tokens ({@link
 * SeededSessions}), then one {@code wrk} per gateway walking all sessions round-robin (each from
 * its own offset, so both gateways see every session) for {@code gatehouse.bench.duration} (10
 * min). Reports introspections per session per L2 TTL (the gateways' calls to auth-service, target
 * ≤ 1), each gateway's heap after a full GC at the start and the end, its L1 entries against {@code
 * gatehouse.cache.l1-max-size}, and its L1 hit rate.
 *
 * <pre>
 * ./mvnw -q -Pbench,many-sessions -pl bench -am -Dmaven.test.skip=true verify
 * </pre>
 */
public final class ManySessions {

  private static final Duration STARTUP = Duration.ofMinutes(10);

  private ManySessions() {}

  /** A gateway under load. */
  private record Gateway(String name, ServiceProcess process, URI base, URI management) {}

  public static void main(String[] args) throws IOException {
    Path workDir = Path.of(setting("work-dir", "target/many-sessions")).toAbsolutePath();
    Files.createDirectories(workDir);
    Path authJar = Path.of(setting("auth-service-jar", "auth-service.jar"));
    Path gatewayJar = Path.of(setting("gateway-jar", "gateway.jar"));
    int sessions = Integer.parseInt(setting("sessions", "100000"));
    int connections = Integer.parseInt(setting("concurrency", "32"));
    Duration warmup = IntrospectionCost.duration(setting("warmup", "60s"));
    Duration duration = IntrospectionCost.duration(setting("duration", "10m"));
    String heap = setting("gateway-heap", "512m");
    List<String> gatewayArgs =
        List.of(setting("gateway-args", "").split("\\s+")).stream()
            .filter(a -> !a.isBlank())
            .toList();
    String secret = IntrospectionCost.randomSecret();
    String l2Secret = IntrospectionCost.randomSecret();

    List<ServiceProcess> started = new ArrayList<>();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> started.forEach(ServiceProcess::stop), "many-stop"));
    try (TestRedis redis = TestRedis.start();
        StubBackend backend = new StubBackend()) {
      TestPostgres.Database database = TestPostgres.freshDatabase();
      int authPort = FreePorts.next();
      URI auth = URI.create("http://127.0.0.1:" + authPort);
      List<String> authArgs =
          new ArrayList<>(
              List.of(
                  "--spring.profiles.active=embedded",
                  "--server.address=127.0.0.1",
                  "--server.port=" + authPort,
                  "--gatehouse.introspection.client-secret=" + secret,
                  "--gatehouse.demo.alice-password=" + IntrospectionCost.randomSecret(),
                  "--gatehouse.demo.admin-password=" + IntrospectionCost.randomSecret(),
                  // One line per introspection would be a million lines: the count comes from the
                  // gateways' meters.
                  "--logging.level.dev.gatehouse.auth.access=WARN"));
      authArgs.addAll(database.springArguments());
      progress("starting PostgreSQL, Redis and auth-service (logs in " + workDir + ")");
      ServiceProcess authService =
          ServiceProcess.start(
              "auth-service", authJar, workDir, List.of("-Xms512m", "-Xmx512m"), authArgs);
      started.add(authService);
      authService.awaitHealthy(auth.resolve("/actuator/health"), STARTUP);

      long seedStart = System.nanoTime();
      List<String> tokens =
          SeededSessions.insert(
              database.jdbcUrl(),
              database.username(),
              database.password(),
              secret,
              "alice",
              sessions);
      progress(
          "seeded %,d sessions in %.1f s"
              .formatted(sessions, (System.nanoTime() - seedStart) / 1e9));
      Path tokenFile = SeededSessions.write(tokens, workDir.resolve("tokens.txt"));
      Path routes = writeRoutes(workDir.resolve("gateway-routes.yml"), backend.baseUrl());

      List<Gateway> gateways = new ArrayList<>();
      for (String name : List.of("gateway-1", "gateway-2")) {
        int port = FreePorts.next();
        int management = FreePorts.next();
        List<String> arguments =
            new ArrayList<>(
                List.of(
                    "--server.address=127.0.0.1",
                    "--server.port=" + port,
                    "--management.server.address=127.0.0.1",
                    "--management.server.port=" + management,
                    "--spring.config.additional-location=file:" + routes,
                    "--gatehouse.upstream.auth-service=" + auth,
                    "--gatehouse.upstream.demo-backend=" + backend.baseUrl(),
                    "--gatehouse.introspection.client-secret=" + secret,
                    "--gatehouse.token.issuer=http://127.0.0.1:" + port,
                    "--gatehouse.redis.enabled=true",
                    "--spring.data.redis.host=127.0.0.1",
                    "--spring.data.redis.port=" + redis.port(),
                    "--gatehouse.cache.l2-key-secret=" + l2Secret,
                    // wrk is one client address standing for 100 000 users: the per-address miss
                    // budget would refuse it, as it should refuse one real client doing this.
                    "--gatehouse.introspection.client-miss-rate=0",
                    "--logging.level.gatehouse.access=WARN"));
        arguments.addAll(gatewayArgs);
        ServiceProcess process =
            ServiceProcess.start(
                name, gatewayJar, workDir, List.of("-Xms" + heap, "-Xmx" + heap), arguments);
        started.add(process);
        gateways.add(
            new Gateway(
                name,
                process,
                URI.create("http://127.0.0.1:" + port),
                URI.create("http://127.0.0.1:" + management)));
      }
      for (Gateway gateway : gateways) {
        gateway.process().awaitHealthy(gateway.management().resolve("/actuator/health"), STARTUP);
      }
      Path script =
          Wrk.cookieScript(tokenFile, "/gh/x", "GATEHOUSE_SESSION", workDir.resolve("cookie.lua"));

      progress("warm-up: " + warmup.toSeconds() + " s on both gateways");
      drive(gateways, script, connections, warmup, sessions);

      List<Double> heapStart = new ArrayList<>();
      List<GatewayMetrics.Snapshot> before = new ArrayList<>();
      for (Gateway gateway : gateways) {
        heapStart.add(GatewayMetrics.heapAfterGcMiB(gateway.process().pid()));
        before.add(GatewayMetrics.read(gateway.management()));
      }
      progress("measuring: " + duration.toSeconds() + " s on both gateways");
      List<Wrk.Result> results = drive(gateways, script, connections, duration, sessions);
      List<Double> heapEnd = new ArrayList<>();
      List<GatewayMetrics.Snapshot> during = new ArrayList<>();
      for (int i = 0; i < gateways.size(); i++) {
        during.add(GatewayMetrics.read(gateways.get(i).management()).minus(before.get(i)));
        heapEnd.add(GatewayMetrics.heapAfterGcMiB(gateways.get(i).process().pid()));
      }
      long l1MaxSize = l1MaxSize(gatewayArgs);
      Duration l2Ttl = l2Ttl(gatewayArgs);
      System.out.print(
          ManySessionsReport.render(
              sessions,
              connections,
              duration,
              l2Ttl,
              l1MaxSize,
              gateways.stream().map(Gateway::name).toList(),
              results,
              during,
              heapStart,
              heapEnd));
    } finally {
      started.forEach(ServiceProcess::stop);
      started.forEach(ServiceProcess::awaitStopped);
    }
    System.exit(0);
  }

  /** One wrk per gateway, at the same time, half the connections each. */
  private static List<Wrk.Result> drive(
      List<Gateway> gateways, Path script, int connections, Duration duration, int sessions) {
    List<CompletableFuture<Wrk.Result>> runs = new ArrayList<>();
    for (int i = 0; i < gateways.size(); i++) {
      Gateway gateway = gateways.get(i);
      int start = i * sessions / gateways.size();
      runs.add(
          CompletableFuture.supplyAsync(
              () ->
                  Wrk.run(
                      gateway.base().toString(),
                      script,
                      1,
                      Math.max(1, connections / gateways.size()),
                      duration,
                      start)));
    }
    return runs.stream().map(CompletableFuture::join).toList();
  }

  private static long l1MaxSize(List<String> gatewayArgs) {
    return Long.parseLong(setting(gatewayArgs, "--gatehouse.cache.l1-max-size=", "100000"));
  }

  private static Duration l2Ttl(List<String> gatewayArgs) {
    return IntrospectionCost.duration(setting(gatewayArgs, "--gatehouse.cache.l2-ttl=", "60s"));
  }

  private static String setting(List<String> arguments, String prefix, String fallback) {
    return arguments.stream()
        .filter(a -> a.startsWith(prefix))
        .map(a -> a.substring(prefix.length()))
        .reduce((first, last) -> last)
        .orElse(fallback);
  }

  private static Path writeRoutes(Path file, String backend) throws IOException {
    return Files.writeString(
        file,
        """
        # Written by the benchmark (bench/sessions); replaces the gateway's shipped routes.
        spring.cloud.gateway.server.webflux.routes:
          - id: bench-gatehouse
            uri: %s
            predicates: [ "Path=/gh/**" ]
            metadata:
              gatehouse: { auth: required, audience: bench }
        """
            .formatted(backend));
  }

  /** A {@code gatehouse.many-sessions.*} setting. */
  private static String setting(String name, String fallback) {
    return IntrospectionCost.setting("gatehouse.many-sessions.", name, fallback);
  }

  private static void progress(String message) {
    IntrospectionCost.progress(message);
  }
}
