package dev.gatehouse.bench.sessions;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/** The backend behind both gateways: {@code 200 ok} at once to anything, on 127.0.0.1. */
final class StubBackend implements AutoCloseable {

  private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

  private final LoopResources loops = LoopResources.create("stub-backend", 1, true);
  private final DisposableServer server;

  StubBackend() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .runOn(loops)
            .handle(
                (request, response) ->
                    request
                        .receive()
                        .then()
                        .then(
                            response
                                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(BODY.length))
                                .sendByteArray(Mono.just(BODY))
                                .then()))
            .bindNow();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  @Override
  public void close() {
    server.disposeNow();
    loops.dispose();
  }
}
