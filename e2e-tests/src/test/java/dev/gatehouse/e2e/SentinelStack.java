package dev.gatehouse.e2e;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.postgres.TestPostgres;
import dev.gatehouse.testsupport.process.ServiceProcess;
import dev.gatehouse.testsupport.redis.TestRedisSentinel;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The services on Redis as a replicated service: a real primary, replica and three sentinels
 * ({@link TestRedisSentinel}), auth-service (publishing revocations, login counters in Redis) and
 * two gateways configured only through Spring Data Redis's own {@code spring.data.redis.sentinel.*}
 * settings, demo-backend behind them. Real processes on random ports; each test class owns one and
 * closes it.
 */
final class SentinelStack implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(180);

  final String alicePassword = Launcher.randomSecret();
  final TestRedisSentinel redis;
  final List<Integer> gatewayPorts = List.of(FreePorts.next(), FreePorts.next());
  private final List<Integer> gatewayManagementPorts = List.of(FreePorts.next(), FreePorts.next());
  final List<ServiceProcess> gateways = new ArrayList<>();
  private final List<ServiceProcess> services = new ArrayList<>();

  SentinelStack() {
    Path workDir = Launcher.workDir();
    int authServicePort = FreePorts.next();
    int backendPort = FreePorts.next();
    String clientSecret = Launcher.randomSecret();
    String issuer = "http://localhost:" + gatewayPorts.get(0);
    TestPostgres.Database database = TestPostgres.freshDatabase();
    redis = TestRedisSentinel.start();
    try {
      List<String> authArguments = new ArrayList<>(database.springArguments());
      authArguments.addAll(
          List.of(
              "--spring.profiles.active=embedded",
              "--server.port=" + authServicePort,
              "--gatehouse.introspection.client-secret=" + clientSecret,
              "--gatehouse.demo.alice-password=" + alicePassword,
              "--gatehouse.demo.admin-password=" + Launcher.randomSecret(),
              "--gatehouse.gateway-url=http://127.0.0.1:" + gatewayPorts.get(0),
              "--gatehouse.token.issuer=" + issuer,
              "--gatehouse.revocation.publish=true",
              "--gatehouse.login.throttle.store=redis",
              "--management.health.redis.enabled=true"));
      authArguments.addAll(redis.springArguments());
      services.add(Launcher.start("sentinel-auth-service", "auth-service", workDir, authArguments));
      services.add(
          Launcher.startBackend(
              "sentinel-demo-backend",
              workDir,
              backendPort,
              "http://127.0.0.1:" + gatewayPorts.get(0) + "/.well-known/jwks.json",
              issuer));
      String l2KeySecret = Launcher.randomSecret();
      for (int i = 0; i < 2; i++) {
        List<String> arguments =
            new ArrayList<>(
                List.of(
                    "--server.port=" + gatewayPorts.get(i),
                    "--management.server.port=" + gatewayManagementPorts.get(i),
                    "--gatehouse.upstream.auth-service=http://127.0.0.1:" + authServicePort,
                    "--gatehouse.upstream.demo-backend=http://127.0.0.1:" + backendPort,
                    "--gatehouse.introspection.client-secret=" + clientSecret,
                    "--gatehouse.token.issuer=" + issuer,
                    "--gatehouse.redis.enabled=true",
                    "--gatehouse.cache.l2-key-secret=" + l2KeySecret,
                    // Two cores shared by five JVMs: a Redis round trip can take longer than
                    // the default 100 ms, which would only turn L2 hits into introspections.
                    "--gatehouse.cache.l2-timeout=1s",
                    // L1 entries live 5 s by default, longer than the failover: shorter, the
                    // readers' sessions go to L2 (or past it to auth-service) during the failover.
                    "--gatehouse.cache.l1-ttl=500ms"));
        arguments.addAll(redis.springArguments());
        ServiceProcess gateway =
            Launcher.start("sentinel-gateway-" + (i + 1), "gateway", workDir, arguments);
        gateways.add(gateway);
        services.add(gateway);
      }
      services.get(0).awaitHealthy(Launcher.health(authServicePort), STARTUP);
      services.get(1).awaitHealthy(Launcher.health(backendPort), STARTUP);
      for (int i = 0; i < 2; i++) {
        gateways.get(i).awaitHealthy(Launcher.health(gatewayManagementPorts.get(i)), STARTUP);
      }
    } catch (RuntimeException ex) {
      close();
      throw ex;
    }
  }

  /** A URL on gateway {@code index} (0 or 1). */
  URI gateway(int index, String path) {
    return URI.create("http://localhost:" + gatewayPorts.get(index) + path);
  }

  /**
   * The {@code Origin} pages send with a state-changing request: the issuer's, the public origin
   * that a load balancer in front of both gateways would have.
   */
  String publicOrigin() {
    return "http://localhost:" + gatewayPorts.get(0);
  }

  @Override
  public void close() {
    services.forEach(ServiceProcess::stop);
    services.forEach(ServiceProcess::awaitStopped);
    redis.close();
  }
}
