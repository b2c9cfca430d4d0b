package dev.gatehouse.auth.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway hangs: its JWKS port accepts connections (the kernel completes them into the backlog)
 * but never answers a byte.
 */
class KeysHangingIntegrationTests extends AbstractKeysUnavailableIntegrationTests {

  private static @Nullable ServerSocket silent;

  @DynamicPropertySource
  static void hangingJwks(DynamicPropertyRegistry registry) throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    silent = socket;
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        () -> "http://127.0.0.1:" + socket.getLocalPort() + "/.well-known/jwks.json");
  }

  @AfterAll
  static void closeSilentServer() throws IOException {
    if (silent != null) {
      silent.close();
    }
  }
}
