package dev.gatehouse.e2e;

import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.postgres.TestPostgres;
import dev.gatehouse.testsupport.process.ServiceProcess;
import dev.gatehouse.testsupport.totp.TestTotp;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
  final ServiceProcess authService;
  final ServiceProcess gateway;
  final ServiceProcess backend;

  private GatehouseStack(List<String> authServiceSettings) {
    this(authServiceSettings, List.of(), false);
  }

  /**
   * @param withOpenIdProvider whether auth-service also signs users in through {@link
   *     OpenIdProvider} (OpenID Connect, registration {@link OpenIdProvider#REGISTRATION})
   */
  private GatehouseStack(
      List<String> authServiceSettings, List<String> gatewaySettings, boolean withOpenIdProvider) {
    Path workDir = Launcher.workDir();
    String issuer = "http://localhost:" + gatewayPort;
    String jwks = "http://127.0.0.1:" + gatewayPort + "/.well-known/jwks.json";
    TestPostgres.Database database = TestPostgres.freshDatabase();

    List<String> authServiceArguments = new java.util.ArrayList<>(database.springArguments());
    authServiceArguments.addAll(
        List.of(
            "--spring.profiles.active=embedded",
            "--server.port=" + authServicePort,
            "--gatehouse.introspection.client-secret=" + clientSecret,
            "--gatehouse.demo.alice-password=" + alicePassword,
            "--gatehouse.demo.admin-password=" + adminPassword,
            "--gatehouse.demo.admin-totp-secret=" + adminTotpSecret,
            "--gatehouse.gateway-url=http://127.0.0.1:" + gatewayPort,
            "--gatehouse.token.issuer=" + issuer));
    authServiceArguments.addAll(authServiceSettings);
    if (withOpenIdProvider) {
      authServiceArguments.addAll(
          OpenIdProvider.shared().signInArguments("http://localhost:" + gatewayPort));
    }
    authService = Launcher.start("auth-service", "auth-service", workDir, authServiceArguments);
    backend = Launcher.startBackend("demo-backend", workDir, backendPort, jwks, issuer);
    List<String> gatewayArguments =
        new java.util.ArrayList<>(
            List.of(
                "--server.port=" + gatewayPort,
                "--management.server.port=" + gatewayManagementPort,
                "--gatehouse.upstream.auth-service=http://127.0.0.1:" + authServicePort,
                "--gatehouse.upstream.demo-backend=http://127.0.0.1:" + backendPort,
                "--gatehouse.introspection.client-secret=" + clientSecret,
                "--gatehouse.token.issuer=" + issuer));
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
      shared = new GatehouseStack(List.of(), List.of(), true);
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
              false);
      deviceBound.boundCookieLifetime = boundCookieLifetime;
    }
    return deviceBound;
  }

  /** A URL on the gateway, as a browser would use it. */
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
  }
}
