package dev.gatehouse.auth.oidc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fault injection between auth-service and a real OpenID provider: forwards token requests to the
 * provider's token endpoint and hands back its answer with the {@code id_token} rewritten by the
 * current {@link #rewrite}, for the attacks the provider will not produce itself (a wrong nonce, a
 * bad signature, {@code alg: none}). Discovery and JWKS stay the provider's own; only the
 * registration's {@code token-uri} points here. Listens on loopback, a random port.
 */
final class TokenRewritingProxy implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpServer server;
  private final URI target;
  private final HttpClient client = HttpClient.newHttpClient();
  private final AtomicReference<UnaryOperator<String>> rewrite =
      new AtomicReference<>(UnaryOperator.identity());

  TokenRewritingProxy(URI target) {
    this.target = target;
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
    server.createContext("/token", this::forward);
    server.start();
  }

  /** The token endpoint to configure as the registration's {@code token-uri}. */
  String tokenUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
  }

  /** How the next answers' {@code id_token} is changed (identity: passed as is). */
  void rewriteIdToken(UnaryOperator<String> idToken) {
    rewrite.set(idToken);
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target).POST(HttpRequest.BodyPublishers.ofByteArray(body));
      copy(exchange, request, "Content-Type");
      copy(exchange, request, "Authorization");
      copy(exchange, request, "Accept");
      HttpResponse<String> answer =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String rewritten = answer.body();
      if (answer.statusCode() == 200) {
        ObjectNode json = (ObjectNode) JSON.readTree(answer.body());
        if (json.has("id_token")) {
          json.put("id_token", rewrite.get().apply(json.get("id_token").asString()));
        }
        rewritten = JSON.writeValueAsString(json);
      }
      byte[] out = rewritten.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.statusCode(), out.length);
      try (OutputStream stream = exchange.getResponseBody()) {
        stream.write(out);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  private static void copy(HttpExchange exchange, HttpRequest.Builder request, String header) {
    String value = exchange.getRequestHeaders().getFirst(header);
    if (value != null) {
      request.header(header, value);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
