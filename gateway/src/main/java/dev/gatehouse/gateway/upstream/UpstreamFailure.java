package dev.gatehouse.gateway.upstream;

import dev.gatehouse.gateway.system.Denial;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The ways a route's upstream fails, each with the status the client gets: the upstream could not
 * be reached or broke the connection (502, RFC 9110 §15.6.3), or it was too slow (504, §15.6.5).
 * The {@link #tag} is the {@code kind} of the metric and the log line.
 */
enum UpstreamFailure {
  /** Nothing listens on the upstream's port (or a firewall rejects). */
  REFUSED("refused", new Denial.BadGateway()),
  /** The upstream's host name does not resolve. */
  UNRESOLVED("unresolved", new Denial.BadGateway()),
  /** The upstream reset or closed the connection before its response was complete. */
  RESET("reset", new Denial.BadGateway()),
  /** The TCP connection was not established within the connect timeout. */
  CONNECT_TIMEOUT("connect-timeout", new Denial.GatewayTimeout()),
  /** The upstream accepted the request but sent no response head within the response timeout. */
  RESPONSE_TIMEOUT("response-timeout", new Denial.GatewayTimeout());

  final String tag;
  final Denial denial;

  UpstreamFailure(String tag, Denial denial) {
    this.tag = tag;
    this.denial = denial;
  }

  /**
   * The failure {@code error} stands for, from the exceptions Reactor Netty and Spring Cloud
   * Gateway raise, or empty when it is not an upstream failure (it is then left to the default
   * handling). The cause chain is searched: Reactor wraps.
   */
  static Optional<UpstreamFailure> of(Throwable error) {
    for (@Nullable Throwable cause = error; cause != null; cause = next(cause)) {
      Optional<UpstreamFailure> failure = direct(cause);
      if (failure.isPresent()) {
        return failure;
      }
    }
    return Optional.empty();
  }

  private static Optional<UpstreamFailure> direct(Throwable error) {
    // NettyRoutingFilter turns its response timeout into a 504 ResponseStatusException.
    if (error instanceof ResponseStatusException status
        && status.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
      return Optional.of(RESPONSE_TIMEOUT);
    }
    if (error instanceof org.springframework.cloud.gateway.support.TimeoutException
        || error instanceof io.netty.handler.timeout.ReadTimeoutException) {
      return Optional.of(RESPONSE_TIMEOUT);
    }
    // Netty's ConnectTimeoutException is a ConnectException: asked first.
    if (error instanceof io.netty.channel.ConnectTimeoutException) {
      return Optional.of(CONNECT_TIMEOUT);
    }
    if (error instanceof ConnectException) {
      return Optional.of(REFUSED);
    }
    if (error instanceof UnknownHostException) {
      return Optional.of(UNRESOLVED);
    }
    // PrematureCloseException, "Connection reset by peer" and other socket errors on the way back.
    if (error instanceof IOException) {
      return Optional.of(RESET);
    }
    return Optional.empty();
  }

  private static @Nullable Throwable next(Throwable error) {
    Throwable cause = error.getCause();
    return cause == error ? null : cause;
  }
}
