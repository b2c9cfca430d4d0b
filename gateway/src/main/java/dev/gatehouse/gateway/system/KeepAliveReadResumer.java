package dev.gatehouse.gateway.system;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Works around a Reactor Netty HTTP/1.1 server bug that stalls kept-alive connections: its {@code
 * HttpTrafficHandler} reads on demand, and when a request arrives before the previous one's
 * operations have terminated it is buffered; if that buffered request is then answered at once (the
 * gateway answers a 401, 403 or 404 itself, synchronously), no further read is requested and the
 * next request on the connection is never read, until the client gives up (reactor-netty issues
 * 4361 and 4347, fixed after 1.3.7; this build has 1.3.6). A pipelined pair — a proxied request
 * followed by one the gateway answers itself — stalls every time; without pipelining, a client that
 * sends its next request a moment before the server has finished with the last one hits the same
 * path, rarely (the stall once seen in this project's tests).
 *
 * <p>The workaround asks the channel for one more read after every complete response: through the
 * whole pipeline, so Reactor Netty's own handler still decides what a read delivers while a request
 * is in progress. Remove it once Reactor Netty carries the fix ({@code
 * KeptAliveConnectionsIntegrationTests} says whether it does).
 */
@Configuration(proxyBeanMethods = false)
class KeepAliveReadResumer {

  static final String HANDLER = "gatehouse.keepAliveReadResumer";

  @Bean
  NettyServerCustomizer readAfterEveryResponse() {
    return server ->
        server.doOnChannelInit(
            (observer, channel, address) -> {
              ChannelPipeline pipeline = channel.pipeline();
              if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(HANDLER) == null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, new ReadAfterResponse());
              }
            });
  }

  /** Between the codec and Reactor Netty's traffic handler: sees each response's last part. */
  static final class ReadAfterResponse extends ChannelOutboundHandlerAdapter {

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
        throws Exception {
      if (msg instanceof LastHttpContent && !isUpgrade(msg)) {
        ChannelPromise written = promise.unvoid();
        written.addListener(
            future -> {
              if (future.isSuccess()) {
                // After the current task: Reactor Netty terminates the request's operations first.
                ctx.channel().eventLoop().execute(() -> readMore(ctx));
              }
            });
        ctx.write(msg, written);
        return;
      }
      ctx.write(msg, promise);
    }

    private static boolean isUpgrade(Object msg) {
      return msg instanceof HttpResponse response
          && HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status());
    }

    private static void readMore(ChannelHandlerContext ctx) {
      if (ctx.channel().isActive() && !ctx.channel().config().isAutoRead()) {
        ctx.channel().read();
      }
    }

    @Override
    public boolean isSharable() {
      return false;
    }
  }
}
