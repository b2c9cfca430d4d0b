package dev.gatehouse.testsupport.faults;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.postgres.RestartablePostgres;
import dev.gatehouse.testsupport.postgres.TestPostgres;
import dev.gatehouse.testsupport.process.RestartableService;
import dev.gatehouse.testsupport.redis.FreezableRedis;
import dev.gatehouse.testsupport.totp.TestTotp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole Gatehouse stack on processes that can be broken: a restartable PostgreSQL (data kept),
 * a freezable Redis, auth-service on both, <strong>two gateways</strong> sharing Redis, and
 * demo-backend — each a real process from its packaged jar on a fixed random port, so a restarted
 * one is found again at the same address.
 *
 * <p>Links, chosen so both kinds of failure are seen: gateway 0 reaches auth-service and
 * demo-backend through a {@link DelayProxy} each (a slow auth-service; the minted JWTs it relays
 * can be replayed), gateway 1 reaches both directly (a dead service is a refused connection).
 * demo-backend and auth-service fetch the JWKS from gateway 1, which {@code FaultStack} users never
 * restart; gateway 0 is the one that is restarted.
 */
public final class FaultStack implements AutoCloseable {

  /** The gateway's introspection timeout (its default), from which latency bounds are derived. */
  public static final Duration INTROSPECTION_TIMEOUT = Duration.ofSeconds(2);

  /** The route response timeout these gateways are given. */
  public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(3);

  /** Small heaps and C1 only: six JVMs on two cores. */
  private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

  public static final Duration STARTUP = Duration.ofSeconds(180);

  public final String alicePassword = randomSecret();
  public final String adminPassword = randomSecret();
  private final String adminTotpSecret = TestTotp.randomSecret();

  /** An authenticator app for the demo admin (the role requires a second factor). */
  public final TestTotp adminTotp = new TestTotp(adminTotpSecret);

  public final RestartablePostgres postgres;
  public final FreezableRedis redis;
  public final RestartableService authService;
  public final List<RestartableService> gateways = new ArrayList<>();
  public final RestartableService backend;
  public final DelayProxy authServiceLink;
  public final DelayProxy backendLink;

  private final String clientSecret = randomSecret();
  private final int authServicePort = FreePorts.next();
  private final int backendPort = FreePorts.next();
  private final List<Integer> gatewayPorts = List.of(FreePorts.next(), FreePorts.next());
  private final List<Integer> managementPorts = List.of(FreePorts.next(), FreePorts.next());

  /**
   * Where the packaged jars are and where logs go.
   *
   * @param gatewayArguments extra arguments for both gateways ({@code --name=value})
   * @param backendArguments extra arguments for demo-backend
   */
  public record Settings(
      Path authServiceJar,
      Path gatewayJar,
      Path backendJar,
      Path workDir,
      List<String> gatewayArguments,
      List<String> backendArguments) {}

  private FaultStack(Settings settings) {
    Path workDir = settings.workDir().toAbsolutePath();
    String issuer = "http://localhost:" + gatewayPorts.get(1);
    String jwks = "http://127.0.0.1:" + gatewayPorts.get(1) + "/.well-known/jwks.json";
    postgres =
        RestartablePostgres.start(
            workDir.resolve("postgres-" + java.util.UUID.randomUUID().toString().substring(0, 8)));
    TestPostgres.Database database = postgres.createDatabase("gatehouse");
    redis = FreezableRedis.start(workDir);
    authServiceLink = DelayProxy.to(authServicePort);
    backendLink = DelayProxy.to(backendPort);
    authService =
        RestartableService.start(
            "faults-auth-service",
            settings.authServiceJar(),
            workDir,
            JVM_OPTIONS,
            withAll(
                database.springArguments(),
                "--spring.profiles.active=embedded",
                "--server.port=" + authServicePort,
                "--spring.data.redis.host=" + redis.host(),
                "--spring.data.redis.port=" + redis.port(),
                "--gatehouse.revocation.publish=true",
                "--gatehouse.introspection.client-secret=" + clientSecret,
                "--gatehouse.demo.alice-password=" + alicePassword,
                "--gatehouse.demo.admin-password=" + adminPassword,
                "--gatehouse.demo.admin-totp-secret=" + adminTotpSecret,
                "--gatehouse.gateway-url=http://127.0.0.1:" + gatewayPorts.get(1),
                "--gatehouse.token.issuer=" + issuer),
            health(authServicePort));
    List<String> backendArguments = new ArrayList<>();
    backendArguments.add("--server.port=" + backendPort);
    backendArguments.add("--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + jwks);
    backendArguments.add("--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer);
    backendArguments.addAll(settings.backendArguments());
    backend =
        RestartableService.start(
            "faults-demo-backend",
            settings.backendJar(),
            workDir,
            JVM_OPTIONS,
            backendArguments,
            health(backendPort));
    String l2KeySecret = randomSecret();
    for (int index = 0; index < 2; index++) {
      int authPort = index == 0 ? authServiceLink.port() : authServicePort;
      int upstreamPort = index == 0 ? backendLink.port() : backendPort;
      List<String> arguments = new ArrayList<>();
      arguments.add("--server.port=" + gatewayPorts.get(index));
      arguments.add("--management.server.port=" + managementPorts.get(index));
      arguments.add("--gatehouse.upstream.auth-service=http://127.0.0.1:" + authPort);
      arguments.add("--gatehouse.upstream.demo-backend=http://127.0.0.1:" + upstreamPort);
      arguments.add("--gatehouse.introspection.client-secret=" + clientSecret);
      arguments.add("--gatehouse.token.issuer=" + issuer);
      arguments.add("--gatehouse.redis.enabled=true");
      arguments.add("--spring.data.redis.host=" + redis.host());
      arguments.add("--spring.data.redis.port=" + redis.port());
      arguments.add("--gatehouse.cache.l2-key-secret=" + l2KeySecret);
      arguments.add("--server.shutdown=graceful");
      arguments.add("--spring.lifecycle.timeout-per-shutdown-phase=20s");
      arguments.add(
          "--spring.cloud.gateway.server.webflux.httpclient.response-timeout="
              + RESPONSE_TIMEOUT.toMillis()
              + "ms");
      arguments.add("--spring.cloud.gateway.server.webflux.httpclient.connect-timeout=1000");
      arguments.addAll(settings.gatewayArguments());
      gateways.add(
          RestartableService.start(
              "faults-gateway-" + index,
              settings.gatewayJar(),
              workDir,
              JVM_OPTIONS,
              arguments,
              health(managementPorts.get(index))));
    }
    try {
      authService.awaitHealthy(STARTUP);
      backend.awaitHealthy(STARTUP);
      gateways.forEach(gateway -> gateway.awaitHealthy(STARTUP));
    } catch (RuntimeException ex) {
      close();
      throw ex;
    }
  }

  /** Starts everything and waits until every service is healthy. */
  public static FaultStack start(Settings settings) {
    return new FaultStack(settings);
  }

  /** A URL on gateway {@code index} (0 or 1), as a client uses it. */
  public URI gateway(int index, String path) {
    return URI.create("http://127.0.0.1:" + gatewayPorts.get(index) + path);
  }

  /** A URL on gateway {@code index}'s management port ({@code /actuator/...}). */
  public URI management(int index, String path) {
    return URI.create("http://127.0.0.1:" + managementPorts.get(index) + path);
  }

  /** A URL on demo-backend directly, bypassing the gateways. */
  public URI backendDirect(String path) {
    return URI.create("http://127.0.0.1:" + backendPort + path);
  }

  /**
   * RFC 7662 introspection at auth-service itself, as a gateway calls it: whether auth-service's
   * database says the session is active (no gateway cache or revocation memory involved).
   */
  public boolean activeAtAuthService(Session session) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + authServicePort + "/oauth2/introspect"))
            .timeout(Duration.ofSeconds(10))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            ("gateway:" + clientSecret).getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "token=" + URLEncoder.encode(session.token(), StandardCharsets.UTF_8)))
            .build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("introspection answered " + response.statusCode());
      }
      return response.body().replace(" ", "").contains("\"active\":true");
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }

  /**
   * The {@code Origin} a page of the gateways sends with state-changing requests: their shared
   * public URL (the token issuer), as behind one load balancer.
   */
  public String origin(int index) {
    return "http://localhost:" + gatewayPorts.get(1);
  }

  /**
   * Puts every service back to running and healthy — thawed, restarted where it was killed, links
   * without delay — so a test that broke something leaves a working stack to the next.
   */
  public void heal() {
    authServiceLink.delay(Duration.ZERO);
    backendLink.delay(Duration.ZERO);
    redis.thaw();
    redis.startAgain();
    postgres.startAgain();
    for (RestartableService service : services()) {
      service.thaw();
      if (!service.process().isAlive()) {
        service.restart(STARTUP);
      }
      service.awaitHealthy(STARTUP);
    }
    for (int index = 0; index < gateways.size(); index++) {
      awaitIntrospectionClosed(index);
    }
  }

  /**
   * Waits until gateway {@code index} introspects a never-seen session again and its introspection
   * circuit breaker reports closed: after an outage the breaker stays open for a while and then
   * needs successful probe calls, which only traffic provides.
   */
  private void awaitIntrospectionClosed(int index) {
    FaultClient client = new FaultClient(this);
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      FaultClient.Login login = client.attemptLoginAlice(index);
      if (login.session() != null
          && client.me(index, login.session()).status() == 200
          && breakerClosed(index)) {
        return;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("gateway " + index + " does not introspect again");
  }

  /** Whether the health endpoint's {@code introspectionCircuitBreaker} is UP (or not there). */
  private boolean breakerClosed(int index) {
    try {
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(management(index, "/actuator/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      JsonNode breaker =
          JsonMapper.builder()
              .build()
              .readTree(health.body())
              .path("components")
              .path("introspectionCircuitBreaker");
      return breaker.isMissingNode() || "UP".equals(breaker.path("status").asString());
    } catch (IOException | RuntimeException ex) {
      return false;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    // All at once: each drains gracefully, and one after the other would take several drains.
    List<RestartableService> services = services();
    services.forEach(RestartableService::thaw);
    services.forEach(RestartableService::beginStop);
    services.forEach(RestartableService::close);
    authServiceLink.close();
    backendLink.close();
    redis.close();
    postgres.close();
  }

  private List<RestartableService> services() {
    List<RestartableService> all = new ArrayList<>();
    if (authService != null) {
      all.add(authService);
    }
    if (backend != null) {
      all.add(backend);
    }
    all.addAll(gateways);
    return all;
  }

  private static List<String> withAll(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  private static URI health(int port) {
    return URI.create("http://127.0.0.1:" + port + "/actuator/health");
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
