package dev.gatehouse.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * The fallback backend where nginx cannot be installed: answers {@code 200 ok} to any request on
 * 127.0.0.1, at once, so the rows measure the path in front of it and not a backend. Like the
 * static nginx responder, it answers 403 under {@code /gh/} without a bearer token: a Gatehouse row
 * that stopped relaying tokens shows up as errors.
 */
final class StubUpstream implements Upstream {

  private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NO_BEARER = "no bearer token\n".getBytes(StandardCharsets.US_ASCII);

  private final LoopResources loops = LoopResources.create("stub-upstream", 1, true);
  private final DisposableServer server;

  private StubUpstream() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .runOn(loops)
            .handle((request, response) -> answer(request, response))
            .bindNow();
  }

  static StubUpstream start() {
    return new StubUpstream();
  }

  private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
    boolean refused = request.uri().startsWith("/gh/") && !hasBearer(request);
    byte[] body = refused ? NO_BEARER : BODY;
    return request
        .receive()
        .then()
        .then(
            response
                .status(refused ? 403 : 200)
                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(body.length))
                .sendByteArray(Mono.just(body))
                .then());
  }

  private static boolean hasBearer(HttpServerRequest request) {
    String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
    return authorization != null && authorization.startsWith("Bearer ");
  }

  @Override
  public String description() {
    return "Java stub (Reactor Netty, in the bench JVM; nginx is not installed)";
  }

  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.disposeNow();
    loops.dispose();
  }
}
