package dev.gatehouse.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Debian's nginx running the load balancer configuration docker-compose uses, {@code
 * deploy/nginx/templates/default.conf.template}, rendered the way the official image renders it
 * (every {@code ${NAME}} replaced by its value, nginx's own {@code $variables} untouched) and
 * included in a minimal {@code nginx.conf} that only adds what a test needs: its own directory for
 * pid, logs and temporary files, and {@code proxy_bind} so nginx connects to the gateways from a
 * loopback address of its own (the gateways can tell nginx from the browser, as in compose).
 */
final class Nginx implements AutoCloseable {

  static final Path TEMPLATE =
      Path.of(System.getProperty("gatehouse.e2e.repo-dir", ".."))
          .resolve("deploy/nginx/templates/default.conf.template");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

  private final Process process;
  private final Path directory;
  final Path accessLog;

  private Nginx(Process process, Path directory, Path accessLog) {
    this.process = process;
    this.directory = directory;
    this.accessLog = accessLog;
  }

  /**
   * Renders the template with {@code values}, checks it with {@code nginx -t}, starts nginx in the
   * foreground and waits until {@code ports} accept connections.
   */
  static Nginx start(Path directory, Map<String, String> values, String bindAddress, int... ports) {
    Path nginx = DebianTools.require("nginx", "nginx");
    try {
      Files.createDirectories(directory);
      // When the tests run as root, nginx's workers run as an unprivileged user and need to reach
      // their temporary directories below this one.
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path accessLog = directory.resolve("access.log");
      Files.writeString(accessLog, "");
      Map<String, String> all = new HashMap<>(values);
      all.put("GATEHOUSE_ACCESS_LOG", accessLog.toString());
      Path included = directory.resolve("gatehouse.conf");
      Files.writeString(included, render(Files.readString(TEMPLATE), all));
      Path main = directory.resolve("nginx.conf");
      Files.writeString(main, mainConfiguration(directory, included, bindAddress));
      List<String> command =
          List.of(
              nginx.toString(),
              "-p",
              directory + "/",
              "-e",
              directory.resolve("error.log").toString(),
              "-c",
              main.toString());
      List<String> test = new ArrayList<>(command);
      test.add("-t");
      DebianTools.runOrFail(directory, test);
      List<String> foreground = new ArrayList<>(command);
      foreground.add("-g");
      foreground.add("daemon off;");
      Process process =
          new ProcessBuilder(foreground)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("nginx.out").toFile())
              .start();
      Nginx started = new Nginx(process, directory, accessLog);
      try {
        for (int port : ports) {
          started.awaitListening(port);
        }
      } catch (RuntimeException ex) {
        started.close();
        throw ex;
      }
      return started;
    } catch (IOException ex) {
      throw new UncheckedIOException("could not start nginx", ex);
    }
  }

  /**
   * The compose load balancer: TLS with {@code certificate} on {@code httpsPort} and the plain JWKS
   * listener on {@code internalPort} (both on 127.0.0.1) in front of {@code gateways} (one or two
   * {@code host:port}; one is listed twice), reaching them from {@code bindAddress}.
   */
  static Nginx loadBalancer(
      Path directory,
      DevCertificate certificate,
      List<String> gateways,
      String bindAddress,
      int httpsPort,
      int internalPort) {
    return start(
        directory,
        Map.of(
            "GATEHOUSE_GATEWAY_1", gateways.get(0),
            "GATEHOUSE_GATEWAY_2", gateways.get(gateways.size() - 1),
            "GATEHOUSE_HTTPS_LISTEN", "127.0.0.1:" + httpsPort,
            "GATEHOUSE_INTERNAL_LISTEN", "127.0.0.1:" + internalPort,
            "GATEHOUSE_TLS_CERTIFICATE", certificate.certificate.toString(),
            "GATEHOUSE_TLS_KEY", certificate.key.toString()),
        bindAddress,
        httpsPort,
        internalPort);
  }

  /** {@code ${NAME}} replaced by {@code values}; a placeholder without a value is a failure. */
  static String render(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder rendered = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for ${" + matcher.group(1) + "} in " + TEMPLATE);
      }
      matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(rendered);
    return rendered.toString();
  }

  /** The access log's lines so far (format {@code gatehouse} of the template). */
  List<String> accessLogLines() {
    try {
      return Files.readAllLines(accessLog);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public void close() {
    // SIGTERM: nginx's fast shutdown.
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException ex) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitListening(int port) {
    Awaitility.await("nginx listening on port " + port + " (see " + directory + "/error.log)")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "nginx exited: " + Files.readString(directory.resolve("error.log")));
              }
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
              } catch (IOException notYet) {
                return false;
              }
            });
  }

  private static String mainConfiguration(Path directory, Path included, String bindAddress) {
    return """
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log notice;
        events {
            worker_connections 256;
        }
        http {
            client_body_temp_path %1$s/client_body;
            proxy_temp_path %1$s/proxy;
            fastcgi_temp_path %1$s/fastcgi;
            uwsgi_temp_path %1$s/uwsgi;
            scgi_temp_path %1$s/scgi;
            access_log off;
            # The test's addition: connect to the gateways from this address, so the address the
            # gateways see for nginx differs from the browser's (127.0.0.1).
            proxy_bind %2$s;
            include %3$s;
        }
        """
        .formatted(directory, bindAddress, included);
  }
}
