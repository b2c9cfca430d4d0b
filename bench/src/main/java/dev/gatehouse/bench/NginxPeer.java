package dev.gatehouse.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The optional peer row: nginx {@code auth_request} asking auth-service's {@code
 * /internal/forward-auth} on every request. Measured only where nginx is installed; the benchmark
 * never installs it.
 */
final class NginxPeer {

  private NginxPeer() {}

  static boolean available() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "nginx")));
  }

  static String note() {
    return available()
        ? "nginx auth_request peer: nginx is on PATH, but this row is not measured yet"
        : "nginx auth_request peer: skipped (nginx not on PATH)";
  }
}
