package dev.gatehouse.e2e;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.postgres.TestPostgres;
import dev.gatehouse.testsupport.process.ServiceProcess;
import dev.gatehouse.testsupport.totp.TestTotp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The three real services wired together on random ports: auth-service on a real PostgreSQL, the
 * gateway, and demo-backend. Started once per test JVM and shared by the end-to-end and browser
 * tests; stopped when the JVM exits.
 */
final class GatehouseStack {

  // A ceiling, not a wait: a loaded shared machine (two cores, several builds) took 121 s once.
  private static final Duration STARTUP = Duration.ofSeconds(240);
  private static @Nullable GatehouseStack shared;
  private static @Nullable GatehouseStack mfaOptional;
  private static @Nullable GatehouseStack deviceBound;

  /** The bound cookie lifetime of {@link #deviceBound}; unused elsewhere. */
  private Duration boundCookieLifetime = Duration.ZERO;

  final String alicePassword = Launcher.randomSecret();
  final String adminPassword = Launcher.randomSecret();

  /** The demo admin's TOTP secret (the role requires MFA), and an authenticator app for it. */
  final String adminTotpSecret = TestTotp.randomSecret();

  final TestTotp adminTotp = new TestTotp(adminTotpSecret);
  final String clientSecret = Launcher.randomSecret();
  final int gatewayPort = FreePorts.next();
  final int authServicePort = FreePorts.next();
  final int backendPort = FreePorts.next();
  private final int gatewayManagementPort = FreePorts.next();

  /** The TLS listener of {@link #tls}, the browsers' way in when the stack has one. */
  final int httpsPort = FreePorts.next();

  private final int internalPort = FreePorts.next();

  /** The certificate of {@link #tls}, or {@code null} without TLS in front. */
  final @Nullable DevCertificate certificate;

  /** nginx terminating TLS in front of the gateway (the compose template), or {@code null}. */
  private final @Nullable Nginx tls;

  final ServiceProcess authService;
  final ServiceProcess gateway;
  final ServiceProcess backend;

  private GatehouseStack(List<String> authServiceSettings) {
    this(authServiceSettings, List.of(), false, false);
  }

  /**
   * @param withOpenIdProvider whether auth-service also signs users in through {@link
   *     OpenIdProvider} (OpenID Connect, registration {@link OpenIdProvider#REGISTRATION})
   * @param behindTls whether browsers reach the gateway through nginx terminating TLS ({@link
   *     #browser(String)}), as in production; the gateway's own port stays reachable over plain
   *     HTTP
   */
  private GatehouseStack(
      List<String> authServiceSettings,
      List<String> gatewaySettings,
      boolean withOpenIdProvider,
      boolean behindTls) {
    Path workDir = Launcher.workDir();
    String gatewayUrl = "http://127.0.0.1:" + gatewayPort;
    String issuer = "http://localhost:" + gatewayPort;
    List<String> tlsGatewaySettings = List.of();
    if (behindTls) {
      Path directory = workDir.resolve("tls-" + UUID.randomUUID().toString().substring(0, 8));
      certificate = DevCertificate.generate(createDirectories(directory.resolve("certs")));
      tls =
          Nginx.loadBalancer(
              directory.resolve("nginx"),
              certificate,
              List.of("127.0.0.1:" + gatewayPort),
              ProductionStack.NGINX_ADDRESS,
              httpsPort,
              internalPort);
      // The JWKS through nginx's internal listener, as in compose; the public URL is nginx's.
      gatewayUrl = "http://127.0.0.1:" + internalPort;
      issuer = "https://localhost:" + httpsPort;
      tlsGatewaySettings =
          List.of(
              "--gatehouse.headers.trusted-proxies="
                  + ProductionStack.NGINX_ADDRESS.replace(".", "\\."));
    } else {
      certificate = null;
      tls = null;
    }
    String jwks = gatewayUrl + "/.well-known/jwks.json";
    TestPostgres.Database database = TestPostgres.freshDatabase();

    List<String> authServiceArguments = new ArrayList<>(database.springArguments());
    authServiceArguments.addAll(
        List.of(
            "--spring.profiles.active=embedded",
            "--server.port=" + authServicePort,
            "--gatehouse.introspection.client-secret=" + clientSecret,
            "--gatehouse.demo.alice-password=" + alicePassword,
            "--gatehouse.demo.admin-password=" + adminPassword,
            "--gatehouse.demo.admin-totp-secret=" + adminTotpSecret,
            "--gatehouse.gateway-url=" + gatewayUrl,
            "--gatehouse.token.issuer=" + issuer));
    authServiceArguments.addAll(authServiceSettings);
    if (withOpenIdProvider) {
      authServiceArguments.addAll(
          OpenIdProvider.shared().signInArguments("http://localhost:" + gatewayPort));
    }
    authService = Launcher.start("auth-service", "auth-service", workDir, authServiceArguments);
    backend = Launcher.startBackend("demo-backend", workDir, backendPort, jwks, issuer);
    List<String> gatewayArguments =
        new ArrayList<>(
            List.of(
                "--server.port=" + gatewayPort,
                "--management.server.port=" + gatewayManagementPort,
                "--gatehouse.upstream.auth-service=http://127.0.0.1:" + authServicePort,
                "--gatehouse.upstream.demo-backend=http://127.0.0.1:" + backendPort,
                "--gatehouse.introspection.client-secret=" + clientSecret,
                "--gatehouse.token.issuer=" + issuer));
    gatewayArguments.addAll(tlsGatewaySettings);
    gatewayArguments.addAll(gatewaySettings);
    gateway = Launcher.start("gateway", "gateway", workDir, gatewayArguments);
    try {
      authService.awaitHealthy(Launcher.health(authServicePort), STARTUP);
      backend.awaitHealthy(Launcher.health(backendPort), STARTUP);
      gateway.awaitHealthy(Launcher.health(gatewayManagementPort), STARTUP);
    } catch (RuntimeException ex) {
      close();
      throw ex;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::close));
  }

  static synchronized GatehouseStack shared() {
    if (shared == null) {
      // The OpenID provider costs the shared stack nothing but a button on the sign-in page, and
      // spares the OIDC browser test a stack of its own.
      shared = new GatehouseStack(List.of(), List.of(), true, false);
    }
    return shared;
  }

  /**
   * The {@link #shared()} stack for a browser test class's {@code @BeforeAll}: first aborts the
   * class (an assumption) where Chromium is not installed, before paying for the stack.
   */
  static GatehouseStack sharedForBrowsers() {
    HeadlessChromium.requireInstalled();
    return shared();
  }

  /**
   * A second stack in which no role requires MFA ({@code gatehouse.mfa.required-roles} empty), so
   * an admin can hold a password-only session and meet the step-up of {@code /admin}. Started only
   * by the tests that need it.
   */
  static synchronized GatehouseStack mfaOptional() {
    if (mfaOptional == null) {
      mfaOptional = new GatehouseStack(List.of("--gatehouse.mfa.required-roles="));
    }
    return mfaOptional;
  }

  /**
   * A third stack with device-bound sessions (DBSC) on: auth-service asks a browser to bind each
   * login to a key and issues bound cookies that live {@code boundCookieLifetime}; the gateway
   * routes {@code /session-binding/**} to it. Shared by the DBSC test classes, which must ask for
   * the same lifetime.
   */
  static synchronized GatehouseStack deviceBound(Duration boundCookieLifetime) {
    if (deviceBound != null) {
      // One stack for every DBSC test class: they must agree on what they assume of it.
      Assert.isTrue(
          deviceBound.boundCookieLifetime.equals(boundCookieLifetime),
          "the device-bound stack runs with bound cookies of " + deviceBound.boundCookieLifetime);
    }
    if (deviceBound == null) {
      HeadlessChromium.requireInstalled();
      deviceBound =
          new GatehouseStack(
              List.of(
                  "--gatehouse.binding.enabled=true",
                  "--gatehouse.binding.bound-cookie-lifetime=" + boundCookieLifetime),
              List.of(),
              false,
              // Chromium 156 does DBSC only over HTTPS with a valid certificate.
              true);
      deviceBound.boundCookieLifetime = boundCookieLifetime;
    }
    return deviceBound;
  }

  /**
   * A URL as a browser uses it: through nginx's TLS listener when the stack has one ({@link
   * #chromiumSwitches} then makes Chromium accept its certificate), else {@link #gateway(String)}.
   */
  URI browser(String path) {
    return tls == null ? gateway(path) : URI.create("https://localhost:" + httpsPort + path);
  }

  /** An HTTP client that trusts the stack's TLS certificate (and only it) when it has one. */
  HttpClient.Builder httpClient() {
    HttpClient.Builder builder = HttpClient.newBuilder();
    return certificate == null ? builder : builder.sslContext(certificate.trustingOnlyThis());
  }

  /** {@code switches}, and the certificate pin for this stack's TLS listener when it has one. */
  List<String> chromiumSwitches(List<String> switches) {
    List<String> all = new ArrayList<>(switches);
    if (certificate != null) {
      all.add(certificate.chromiumPin());
    }
    return all;
  }

  /** A URL on the gateway's own port (plain HTTP), as a browser or API client would use it. */
  URI gateway(String path) {
    return URI.create("http://localhost:" + gatewayPort + path);
  }

  /** A URL on demo-backend directly, bypassing the gateway. */
  URI backendDirect(String path) {
    return URI.create("http://127.0.0.1:" + backendPort + path);
  }

  private void close() {
    gateway.close();
    backend.close();
    authService.close();
    if (tls != null) {
      tls.close();
    }
  }

  private static Path createDirectories(Path directory) {
    try {
      return Files.createDirectories(directory);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
