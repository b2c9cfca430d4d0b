package dev.gatehouse.e2e;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.postgres.TestPostgres;
import dev.gatehouse.testsupport.process.ServiceProcess;
import dev.gatehouse.testsupport.redis.TestRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What docker-compose starts, as real processes on random ports: Debian's nginx terminating TLS
 * (the compose template, a fresh self-signed certificate) in front of two gateways in the {@code
 * prod} profile sharing a real Redis, auth-service in {@code prod} on a real PostgreSQL with its
 * first admin from a password file, and demo-backend; auth-service has a real OpenID provider
 * (mock-oauth2-server, {@link OpenIdProvider}) registered. Secrets reach the services as files
 * named by their property ({@code configtree}), like compose secrets. The backends fetch the JWKS
 * through nginx's internal listener, as in compose. The second gateway runs the way the image runs
 * it ({@link ContainerImage}: the Dockerfile's layers and ENTRYPOINT), the first from its jar.
 *
 * <p>Addresses are chosen so the client-address chain can be checked: the browser reaches nginx
 * from 127.0.0.1, nginx reaches the gateways from {@value #NGINX_ADDRESS} (the only trusted proxy),
 * and the gateways reach auth-service over IPv6 loopback, so an address auth-service took from the
 * socket instead of the gateway's proof would read {@code 0:0:0:0:0:0:0:1}.
 */
final class ProductionStack {

  static final String NGINX_ADDRESS = "127.0.0.2";
  static final String ADMIN = "admin";

  private static final Duration STARTUP = Duration.ofSeconds(180);
  private static @Nullable ProductionStack shared;

  final String adminPassword = Launcher.randomSecret();
  final int httpsPort = FreePorts.next();
  final int internalPort = FreePorts.next();
  final int authServicePort = FreePorts.next();
  final int backendPort = FreePorts.next();
  final List<Integer> gatewayPorts = List.of(FreePorts.next(), FreePorts.next());
  final List<Integer> gatewayManagementPorts = List.of(FreePorts.next(), FreePorts.next());
  final DevCertificate certificate;
  final Nginx nginx;

  /** The OpenID provider registered at auth-service as {@value OpenIdProvider#REGISTRATION}. */
  final OpenIdProvider openIdProvider;

  private final TestPostgres.Database database;
  private final TestRedis redis;
  private final List<ServiceProcess> services = new ArrayList<>();

  private ProductionStack() {
    Path workDir =
        Launcher.workDir()
            .resolve("production-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    String issuer = "https://localhost:" + httpsPort;
    String internal = "http://127.0.0.1:" + internalPort;
    String clientSecret = Launcher.randomSecret();
    database = TestPostgres.freshDatabase();
    redis = TestRedis.start();
    openIdProvider = OpenIdProvider.start();
    try {
      Path authSecrets =
          secrets(
              workDir.resolve("auth-service-secrets"),
              Map.of(
                  "gatehouse.introspection.client-secret",
                  clientSecret,
                  "spring.datasource.password",
                  database.password(),
                  "gatehouse.mfa.encryption-secret",
                  Launcher.randomSecret()));
      Path adminPasswordFile = workDir.resolve("admin-password");
      Files.writeString(adminPasswordFile, adminPassword + "\n");
      Path gatewaySecrets =
          secrets(
              workDir.resolve("gateway-secrets"),
              Map.of(
                  "gatehouse.introspection.client-secret",
                  clientSecret,
                  "gatehouse.cache.l2-key-secret",
                  Launcher.randomSecret()));
      Path certificates = Files.createDirectories(workDir.resolve("certs"));
      certificate = DevCertificate.generate(certificates);
      nginx =
          Nginx.loadBalancer(
              workDir.resolve("nginx"),
              certificate,
              List.of("127.0.0.1:" + gatewayPorts.get(0), "127.0.0.1:" + gatewayPorts.get(1)),
              NGINX_ADDRESS,
              httpsPort,
              internalPort);

      services.add(
          ServiceProcess.start(
              "prod-auth-service",
              Launcher.jar("auth-service"),
              workDir,
              jvmOptions(authSecrets),
              withAll(
                  openIdProvider.registrationArguments(
                      "{baseUrl}/login/oauth2/code/{registrationId}", "openid"),
                  "--spring.profiles.active=prod",
                  "--server.port=" + authServicePort,
                  "--spring.datasource.url=" + database.jdbcUrl(),
                  "--spring.datasource.username=" + database.username(),
                  "--spring.data.redis.host=" + redis.host(),
                  "--spring.data.redis.port=" + redis.port(),
                  "--gatehouse.gateway-url=" + internal,
                  "--gatehouse.token.issuer=" + issuer,
                  "--gatehouse.bootstrap.admin-username=" + ADMIN,
                  "--gatehouse.bootstrap.admin-password-file=" + adminPasswordFile)));
      services.add(
          Launcher.startBackend(
              "prod-demo-backend",
              workDir,
              backendPort,
              internal + "/.well-known/jwks.json",
              issuer));
      // gateway-1 as the jar, gateway-2 as the image runs it: the Dockerfile's layers copied into
      // one directory, started by its ENTRYPOINT (launcher main class and JVM options).
      ContainerImage image = ContainerImage.fromDockerfile();
      Path app =
          image.install(
              "gateway", workDir.resolve("gateway-layers"), workDir.resolve("gateway-image"));
      for (int replica = 0; replica < 2; replica++) {
        String name = "prod-gateway-" + (replica + 1);
        List<String> arguments =
            List.of(
                "--spring.profiles.active=prod",
                "--server.port=" + gatewayPorts.get(replica),
                "--management.server.port=" + gatewayManagementPorts.get(replica),
                "--gatehouse.upstream.auth-service=http://[::1]:" + authServicePort,
                "--gatehouse.upstream.demo-backend=http://127.0.0.1:" + backendPort,
                "--gatehouse.token.issuer=" + issuer,
                "--gatehouse.headers.trusted-proxies=" + NGINX_ADDRESS.replace(".", "\\."),
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port());
        List<String> jvmOptions = jvmOptions(gatewaySecrets);
        if (replica == 0) {
          services.add(
              ServiceProcess.start(name, Launcher.jar("gateway"), workDir, jvmOptions, arguments));
        } else {
          jvmOptions.addAll(image.jvmOptions());
          services.add(
              ServiceProcess.startMain(
                  name, app, image.mainClass(), workDir, jvmOptions, arguments));
        }
      }
      services.get(0).awaitHealthy(Launcher.health(authServicePort), STARTUP);
      services.get(1).awaitHealthy(Launcher.health(backendPort), STARTUP);
      services.get(2).awaitHealthy(Launcher.health(gatewayManagementPorts.get(0)), STARTUP);
      services.get(3).awaitHealthy(Launcher.health(gatewayManagementPorts.get(1)), STARTUP);
    } catch (IOException ex) {
      close();
      throw new UncheckedIOException(ex);
    } catch (RuntimeException ex) {
      close();
      throw ex;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::close));
  }

  static synchronized ProductionStack shared() {
    if (shared == null) {
      shared = new ProductionStack();
    }
    return shared;
  }

  /** A URL on the load balancer's public TLS listener, as a browser uses it. */
  URI https(String path) {
    return URI.create("https://localhost:" + httpsPort + path);
  }

  /** A URL on the load balancer's internal plain-HTTP listener (the services' JWKS fetch). */
  URI internal(String path) {
    return URI.create("http://127.0.0.1:" + internalPort + path);
  }

  /** A URL on one gateway replica directly (0 or 1), bypassing nginx. */
  URI replica(int replica, String path) {
    return URI.create("http://127.0.0.1:" + gatewayPorts.get(replica) + path);
  }

  /** How nginx's access log names a replica ({@code $upstream_addr}). */
  String upstream(int replica) {
    return "127.0.0.1:" + gatewayPorts.get(replica);
  }

  /** An HTTP client that trusts exactly the stack's certificate and follows no redirect. */
  HttpClient http() {
    return HttpClient.newBuilder()
        .sslContext(certificate.trustingOnlyThis())
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** The port a compose healthcheck probes inside the container of {@code composeService}. */
  int probedPort(String composeService) {
    return switch (composeService) {
      case "auth-service" -> authServicePort;
      case "demo-backend" -> backendPort;
      case "gateway-1" -> gatewayManagementPorts.get(0);
      case "gateway-2" -> gatewayManagementPorts.get(1);
      default -> throw new IllegalArgumentException("not a Java service: " + composeService);
    };
  }

  private void close() {
    // All at once: each drains gracefully, and one after the other would take four drains.
    services.forEach(ServiceProcess::stop);
    services.forEach(ServiceProcess::awaitStopped);
    if (nginx != null) {
      nginx.close();
    }
    redis.close();
    openIdProvider.close();
  }

  /**
   * Marks a session as an OIDC login through the provider session {@code idpSid} leaves it (the
   * columns the login writes): what a back-channel logout token names.
   */
  void markFromProvider(String sid, String idpSid) {
    try (Connection connection =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE sessions SET idp_issuer = ?, idp_sid = ? WHERE sid = ?")) {
      update.setString(1, openIdProvider.issuer());
      update.setString(2, idpSid);
      update.setObject(3, UUID.fromString(sid));
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("no session " + sid);
      }
    } catch (SQLException ex) {
      throw new IllegalStateException("could not mark session " + sid, ex);
    }
  }

  private static List<String> withAll(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  /** One file per secret, named by its property, ending in a newline like {@code openssl rand}. */
  private static Path secrets(Path directory, Map<String, String> values) throws IOException {
    Files.createDirectories(directory);
    for (Map.Entry<String, String> secret : values.entrySet()) {
      Files.writeString(directory.resolve(secret.getKey()), secret.getValue() + "\n");
    }
    return directory;
  }

  private static List<String> jvmOptions(Path secretsDirectory) {
    List<String> options = new ArrayList<>(Launcher.JVM_OPTIONS);
    options.add("-DGATEHOUSE_SECRETS_DIR=" + secretsDirectory + "/");
    return options;
  }
}
