package dev.gatehouse.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * The backend every row reaches: answers {@code 200 ok} to any request on 127.0.0.1, at once, so
 * the rows measure the path in front of it and not a backend. It also counts requests under {@code
 * /gh/} that arrive without a bearer token: the Gatehouse rows are only valid when there are none.
 */
final class StubUpstream implements AutoCloseable {

  private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

  private final LoopResources loops = LoopResources.create("stub-upstream", 1, true);
  private final LongAdder gatehouseWithoutBearer = new LongAdder();
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
    if (request.uri().startsWith("/gh/") && !hasBearer(request)) {
      gatehouseWithoutBearer.increment();
    }
    return request
        .receive()
        .then()
        .then(
            response
                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(BODY.length))
                .sendByteArray(Mono.just(BODY))
                .then());
  }

  private static boolean hasBearer(HttpServerRequest request) {
    String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
    return authorization != null && authorization.startsWith("Bearer ");
  }

  /** Requests under {@code /gh/} that reached the stub without {@code Authorization: Bearer}. */
  long gatehouseRequestsWithoutBearer() {
    return gatehouseWithoutBearer.sum();
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
