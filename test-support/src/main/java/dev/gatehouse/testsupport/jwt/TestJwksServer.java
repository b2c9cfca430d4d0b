package dev.gatehouse.testsupport.jwt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JWK Set endpoint (RFC 7517 §5) on a random loopback port, like the gateway's {@code GET
 * /.well-known/jwks.json}: serves the public keys of one or more {@link TestSigningKey}s and
 * records every request it receives, so a test can prove that a verifier fetched keys only from its
 * configured URI (and never followed a token's {@code jku}/{@code x5u}, or made an OpenID discovery
 * call). Any other path answers {@code 404}.
 *
 * <pre>{@code
 * try (TestJwksServer jwks = TestJwksServer.start(key)) {
 *   registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwks::jwkSetUri);
 *   ...
 *   assertThat(jwks.requestedPaths()).containsOnly(TestJwksServer.JWKS_PATH);
 * }
 * }</pre>
 *
 * Thread-safe. Each test (class) owns its server and must {@link #close()} it.
 */
public final class TestJwksServer implements AutoCloseable {

  /** The path the keys are served at. */
  public static final String JWKS_PATH = "/.well-known/jwks.json";

  private final HttpServer server;
  private final ExecutorService executor;
  private final List<String> requestedPaths = new CopyOnWriteArrayList<>();
  private volatile List<TestSigningKey> keys;

  private TestJwksServer(List<TestSigningKey> keys) throws IOException {
    this.keys = List.copyOf(keys);
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "test-jwks-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts a server publishing the public halves of {@code keys} (none: an empty key set). */
  public static TestJwksServer start(TestSigningKey... keys) {
    try {
      TestJwksServer jwks = new TestJwksServer(Arrays.asList(keys));
      jwks.server.start();
      return jwks;
    } catch (IOException ex) {
      throw new UncheckedIOException("could not start the test JWKS server", ex);
    }
  }

  /** Replaces the published keys, e.g. to simulate a key rotation. */
  public void publish(TestSigningKey... keys) {
    this.keys = List.of(keys);
  }

  /** {@code http://127.0.0.1:<port>} without a trailing slash: usable as a token issuer. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>/.well-known/jwks.json}. */
  public URI jwkSetUri() {
    return URI.create(baseUrl() + JWKS_PATH);
  }

  /** All requests received so far, any path, any method. */
  public int requestCount() {
    return requestedPaths.size();
  }

  /** Requests received so far for the key set. */
  public int jwkSetRequestCount() {
    return (int) requestedPaths.stream().filter(JWKS_PATH::equals).count();
  }

  /** The paths (with query string) of every request so far, in arrival order. */
  public List<String> requestedPaths() {
    return List.copyOf(requestedPaths);
  }

  /** Forgets the requests recorded so far. */
  public void resetRequests() {
    requestedPaths.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "TestJwksServer[" + jwkSetUri() + ", keys=" + keys + "]";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      URI uri = exchange.getRequestURI();
      requestedPaths.add(
          (uri.getRawQuery() != null)
              ? uri.getRawPath() + "?" + uri.getRawQuery()
              : uri.getRawPath());
      boolean read =
          "GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod());
      if (!JWKS_PATH.equals(uri.getRawPath()) || !read) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = TestSigningKey.publicJwkSetJson(keys).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }
}
