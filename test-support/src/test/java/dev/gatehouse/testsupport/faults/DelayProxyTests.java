package dev.gatehouse.testsupport.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DelayProxyTests {

  @Test
  void delayWhenServiceAnswersThenAnswerHeldBackAndBearerRemembered() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        DelayProxy proxy = DelayProxy.to(echo.getLocalPort())) {
      Thread server = new Thread(() -> echoOnce(echo));
      server.start();
      proxy.delay(Duration.ofMillis(300));
      String request = "GET / HTTP/1.1\r\nAuthorization: Bearer abc.def.ghi\r\n\r\n";

      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        client.setSoTimeout(5000);
        long start = System.nanoTime();
        client.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        byte[] answer = client.getInputStream().readNBytes(request.length());

        assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo(request);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      }
      assertThat(proxy.lastBearerToken()).isEqualTo("abc.def.ghi");
      assertThat(proxy.bearerRequests()).isEqualTo(1);
      server.join(5000);
    }
  }

  private static void echoOnce(ServerSocket echo) {
    try (Socket socket = echo.accept()) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[1024];
      int read = in.read(buffer);
      out.write(buffer, 0, read);
      out.flush();
      socket.shutdownOutput();
      in.read();
    } catch (IOException ignored) {
      // the test fails on its side
    }
  }
}
