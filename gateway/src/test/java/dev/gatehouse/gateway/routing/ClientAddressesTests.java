package dev.gatehouse.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressesTests {

  static final String PROXIES = "127\\.0\\.0\\.1|10\\.0\\.0\\.\\d+";

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.argumentSet(
            "no trusted proxies: the peer, whatever X-Forwarded-For says",
            null,
            "127.0.0.1",
            List.of("198.51.100.7"),
            "127.0.0.1"),
        Arguments.argumentSet(
            "untrusted peer: the peer",
            PROXIES,
            "203.0.113.5",
            List.of("198.51.100.7"),
            "203.0.113.5"),
        Arguments.argumentSet(
            "trusted peer, one hop: that hop",
            PROXIES,
            "127.0.0.1",
            List.of("198.51.100.7"),
            "198.51.100.7"),
        Arguments.argumentSet(
            "trusted peer, client-written entries on the left: the right-most untrusted",
            PROXIES,
            "127.0.0.1",
            List.of("6.6.6.6, 198.51.100.7, 10.0.0.2"),
            "198.51.100.7"),
        Arguments.argumentSet(
            "entries in several headers: the last header is nearest",
            PROXIES,
            "127.0.0.1",
            List.of("6.6.6.6", "198.51.100.7, 10.0.0.3"),
            "198.51.100.7"),
        Arguments.argumentSet(
            "trusted peer without X-Forwarded-For: the peer",
            PROXIES,
            "127.0.0.1",
            List.of(),
            "127.0.0.1"),
        Arguments.argumentSet(
            "every hop trusted: the left-most",
            PROXIES,
            "127.0.0.1",
            List.of("10.0.0.9, 10.0.0.2"),
            "10.0.0.9"),
        Arguments.argumentSet(
            "empty entries skipped",
            PROXIES,
            "127.0.0.1",
            List.of(" , 198.51.100.7 ,"),
            "198.51.100.7"),
        Arguments.argumentSet(
            "garbage longer than an address: the hop that sent it",
            PROXIES,
            "127.0.0.1",
            List.of("x".repeat(200) + ", 10.0.0.2"),
            "10.0.0.2"),
        Arguments.argumentSet(
            "a hop that is not an address (a separator smuggled for the proof): the hop that sent it",
            PROXIES,
            "127.0.0.1",
            List.of("198.51.100.7;1;forged, 10.0.0.2"),
            "10.0.0.2"),
        Arguments.argumentSet(
            "a host name instead of an address: the hop that sent it",
            PROXIES,
            "127.0.0.1",
            List.of("evil.example"),
            "127.0.0.1"),
        Arguments.argumentSet(
            "IPv6 client behind the proxy",
            PROXIES,
            "127.0.0.1",
            List.of("2001:db8::7"),
            "2001:db8::7"));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void ofWhenForwardedThenRightMostUntrustedHop(
      @Nullable String trusted, String peer, List<String> forwardedFor, String expected) {
    ClientAddresses addresses = new ClientAddresses(new HeaderProperties(List.of(), trusted));
    MockServerHttpRequest.BaseBuilder<?> request =
        MockServerHttpRequest.get("/api/me").remoteAddress(new InetSocketAddress(peer, 40_000));
    forwardedFor.forEach(value -> request.header("X-Forwarded-For", value));

    assertThat(addresses.of(request.build())).isEqualTo(expected);
  }
}
