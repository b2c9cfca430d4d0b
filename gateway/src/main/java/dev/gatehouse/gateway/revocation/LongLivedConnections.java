package dev.gatehouse.gateway.revocation;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import reactor.netty.Connection;

/**
 * The client connections of proxied WebSockets and event streams, by session. When a session is
 * revoked its connections are closed (a WebSocket with close code 1008, policy violation), because
 * a long-lived connection is authenticated once, at its start, and would otherwise outlive the
 * revocation by hours.
 */
@Component
public final class LongLivedConnections {

  private final Map<String, Set<Channel>> bySession = new ConcurrentHashMap<>();

  /**
   * Tracks the client connection of {@code request} for session {@code sid} until it closes.
   * Returns false when the request is not served by Reactor Netty (nothing to track).
   */
  public boolean track(String sid, ServerHttpRequest request) {
    Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
    if (!(nativeRequest instanceof Connection connection)) {
      return false;
    }
    Channel channel = connection.channel();
    bySession.computeIfAbsent(sid, key -> ConcurrentHashMap.newKeySet()).add(channel);
    channel.closeFuture().addListener(closed -> forget(sid, channel));
    return true;
  }

  /** Closes every tracked connection of {@code sid}; returns how many. */
  int close(String sid) {
    Set<Channel> channels = bySession.remove(sid);
    if (channels == null) {
      return 0;
    }
    channels.forEach(LongLivedConnections::closeChannel);
    return channels.size();
  }

  int count() {
    return bySession.values().stream().mapToInt(Set::size).sum();
  }

  private void forget(String sid, Channel channel) {
    bySession.computeIfPresent(
        sid,
        (key, channels) -> {
          channels.remove(channel);
          return channels.isEmpty() ? null : channels;
        });
  }

  private static void closeChannel(Channel channel) {
    if (channel.pipeline().get(WebSocketFrameEncoder.class) != null) {
      channel
          .writeAndFlush(
              new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, "session revoked"))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      channel.close();
    }
  }
}
