package dev.gatehouse.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

/** Which exceptions of Reactor Netty and Spring Cloud Gateway are which upstream failure. */
class UpstreamFailureTests {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("connection refused", new ConnectException("refused"), 502, "refused"),
        Arguments.of(
            "connect timeout (a ConnectException too)",
            new ConnectTimeoutException("connection timed out"),
            504,
            "connect-timeout"),
        Arguments.of("unknown host", new UnknownHostException("nope.invalid"), 502, "unresolved"),
        Arguments.of(
            "closed before the response", PrematureCloseException.TEST_EXCEPTION, 502, "reset"),
        Arguments.of("connection reset", new IOException("Connection reset by peer"), 502, "reset"),
        Arguments.of(
            "Spring Cloud Gateway's response timeout",
            new ResponseStatusException(
                HttpStatus.GATEWAY_TIMEOUT,
                "Response took longer than timeout",
                new org.springframework.cloud.gateway.support.TimeoutException("PT30S")),
            504,
            "response-timeout"),
        Arguments.of(
            "wrapped by Reactor",
            new RuntimeException(new IllegalStateException(new ConnectException("refused"))),
            502,
            "refused"));
  }

  @ParameterizedTest(name = "{0} -> {2} {3}")
  @MethodSource("failures")
  void ofWhenUpstreamExceptionThenKindAndStatus(
      String name, Throwable error, int status, String kind) {
    assertThat(UpstreamFailure.of(error))
        .hasValueSatisfying(
            failure -> {
              assertThat(failure.tag).isEqualTo(kind);
              assertThat(failure.denial.status().value()).isEqualTo(status);
            });
  }

  static Stream<Arguments> notUpstreamFailures() {
    return Stream.of(
        Arguments.of("a bug", new IllegalStateException("bug")),
        Arguments.of("another status", new ResponseStatusException(HttpStatus.NOT_FOUND)),
        Arguments.of("a plain timeout", new java.util.concurrent.TimeoutException("pool")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notUpstreamFailures")
  void ofWhenNotAnUpstreamFailureThenEmpty(String name, Throwable error) {
    assertThat(UpstreamFailure.of(error)).isEmpty();
  }
}
