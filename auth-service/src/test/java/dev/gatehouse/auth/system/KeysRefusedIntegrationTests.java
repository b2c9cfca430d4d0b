package dev.gatehouse.auth.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gateway is down: its JWKS port refuses connections. */
class KeysRefusedIntegrationTests extends AbstractKeysUnavailableIntegrationTests {

  @DynamicPropertySource
  static void refusingJwks(DynamicPropertyRegistry registry) throws IOException {
    int port;
    // A port that was free a moment ago and that nothing listens on any more.
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        () -> "http://127.0.0.1:" + port + "/.well-known/jwks.json");
  }
}
