package dev.gatehouse.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.gateway.GatewayApplication;
import dev.gatehouse.gateway.TestUpstreams;
import dev.gatehouse.testsupport.net.FreePorts;
import dev.gatehouse.testsupport.process.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a real gateway process with a request in flight to a slow upstream: readiness answers
 * 503 first while the gateway still serves (for {@code gatehouse.shutdown.readiness-delay}, so a
 * load balancer can notice), then the port refuses new connections, the request in flight still
 * gets its whole answer, and the process exits by itself.
 */
class GracefulShutdownIntegrationTests {

  static final Duration READINESS_DELAY = Duration.ofSeconds(3);

  static final TestUpstreams upstreams = new TestUpstreams();
  static final FailingUpstream held = FailingUpstream.held();

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @AfterAll
  static void stop() throws IOException {
    upstreams.stop();
    held.close();
  }

  @Test
  void
      sigtermWhenRequestInFlightThenReadinessDownFirstNewConnectionsRefusedRequestCompletesAndExit()
          throws Exception {
    upstreams.reset();
    int port = FreePorts.next();
    int management = FreePorts.next();
    URI readiness = URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness");
    URI open = URI.create("http://127.0.0.1:" + port + "/open/x");
    ServiceProcess gateway =
        ServiceProcess.startMainClass(
            "gateway",
            GatewayApplication.class.getName(),
            Path.of("target", "graceful-shutdown-" + UUID.randomUUID()),
            arguments(port, management));
    try {
      gateway.awaitHealthy(readiness, Duration.ofMinutes(2));
      CompletableFuture<String> inFlight =
          CompletableFuture.supplyAsync(() -> exchange(port, "/held/x"));
      assertThat(held.awaitRequest(Duration.ofSeconds(30))).as("request reached upstream").isTrue();

      gateway.stop(); // SIGTERM

      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> status(readiness) == 503);
      assertThat(status(open)).as("still serving while readiness is down").isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> refusesConnections(port));
      assertThat(inFlight)
          .as("the request in flight is still waiting for its upstream")
          .isNotDone();
      assertThat(gateway.isAlive()).as("draining, not gone").isTrue();

      held.release();

      assertThat(inFlight.get())
          .as("the whole answer of the request in flight")
          .startsWith("HTTP/1.1 200 ")
          .endsWith("\r\n\r\nheld\n");
      assertThat(gateway.awaitExit(Duration.ofSeconds(30))).as("the process exits").isPresent();
      assertThat(gateway.output()).contains("Graceful shutdown complete");
    } finally {
      held.release();
      gateway.close();
    }
  }

  private static List<String> arguments(int port, int management) {
    List<String> arguments = new ArrayList<>();
    arguments.add("--server.port=" + port);
    arguments.add("--management.server.port=" + management);
    arguments.add("--gatehouse.introspection.client-secret=graceful-shutdown-test-secret");
    arguments.add("--gatehouse.shutdown.readiness-delay=" + READINESS_DELAY.toMillis() + "ms");
    arguments.add("--gatehouse.upstream.auth-service=" + upstreams.authService.baseUrl());
    arguments.add("--gatehouse.upstream.demo-backend=" + upstreams.backend.baseUrl());
    String route = "--spring.cloud.gateway.server.webflux.routes";
    arguments.add(route + "[0].id=held");
    arguments.add(route + "[0].uri=" + held.uri());
    arguments.add(route + "[0].predicates[0]=Path=/held/**");
    arguments.add(route + "[0].metadata.gatehouse.auth=none");
    arguments.add(route + "[1].id=open");
    arguments.add(route + "[1].uri=" + upstreams.backend.baseUrl());
    arguments.add(route + "[1].predicates[0]=Path=/open/**");
    arguments.add(route + "[1].metadata.gatehouse.auth=none");
    return arguments;
  }

  /** One request on its own connection, answered in full (the gateway closes the connection). */
  private static String exchange(int port, String path) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private int status(URI uri) {
    try {
      return http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException ex) {
      return -1;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static boolean refusesConnections(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }
}
