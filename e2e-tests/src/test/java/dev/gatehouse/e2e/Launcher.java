package dev.gatehouse.e2e;

import dev.gatehouse.testsupport.process.ServiceProcess;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * How the end-to-end stacks start the packaged services: the jars the build copied (system
 * properties {@code gatehouse.e2e.<module>-jar}), small JVMs, demo-backend verifying the gateway's
 * tokens, and the actuator health each start waits for.
 */
final class Launcher {

  /** Small heaps and C1 only: several JVMs start quickly on two cores. */
  static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

  private static final SecureRandom random = new SecureRandom();

  private Launcher() {}

  /** Where the services' logs and files go, {@code gatehouse.e2e.work-dir}. */
  static Path workDir() {
    return Path.of(System.getProperty("gatehouse.e2e.work-dir", "target/e2e"));
  }

  static Path jar(String module) {
    return Path.of(System.getProperty("gatehouse.e2e." + module + "-jar", module + ".jar"));
  }

  /** The actuator health of a service (or its management port) on loopback. */
  static URI health(int port) {
    return URI.create("http://127.0.0.1:" + port + "/actuator/health");
  }

  static String randomSecret() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Starts {@code module}'s jar with {@link #JVM_OPTIONS}. */
  static ServiceProcess start(String name, String module, Path workDir, List<String> arguments) {
    return ServiceProcess.start(name, jar(module), workDir, JVM_OPTIONS, arguments);
  }

  /**
   * demo-backend on {@code port}, verifying tokens of {@code issuer} with the keys at {@code jwks}.
   */
  static ServiceProcess startBackend(
      String name, Path workDir, int port, String jwks, String issuer) {
    return start(
        name,
        "demo-backend",
        workDir,
        List.of(
            "--server.port=" + port,
            "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + jwks,
            "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer));
  }
}
