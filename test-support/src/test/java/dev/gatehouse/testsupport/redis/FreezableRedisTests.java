package dev.gatehouse.testsupport.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreezableRedisTests {

  @TempDir Path workDir;

  @Test
  void freezeWhenClientSendsThenNoAnswerUntilThawThenSameConnectionAnswered() throws Exception {
    try (FreezableRedis redis = FreezableRedis.start(workDir);
        Socket socket = connect(redis)) {
      assertThat(ping(socket)).startsWith("+PONG");

      redis.freeze();
      socket.setSoTimeout(300);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(redis.isRunning()).isFalse();

      redis.thaw();
      socket.setSoTimeout(5000);
      assertThat(readLine(socket.getInputStream())).startsWith("+PONG");
      assertThat(redis.isRunning()).isTrue();
    }
  }

  @Test
  void killWhenStartedAgainThenSamePortAnswers() throws Exception {
    try (FreezableRedis redis = FreezableRedis.start(workDir)) {
      int port = redis.port();
      redis.kill();
      assertThat(redis.isRunning()).isFalse();
      assertThatThrownBy(() -> connect(redis).close()).isInstanceOf(IOException.class);

      redis.startAgain();

      assertThat(redis.port()).isEqualTo(port);
      try (Socket socket = connect(redis)) {
        assertThat(ping(socket)).startsWith("+PONG");
      }
    }
  }

  private static Socket connect(FreezableRedis redis) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(redis.host(), redis.port()), 1000);
    socket.setSoTimeout(5000);
    return socket;
  }

  private static String ping(Socket socket) throws IOException {
    socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
    return readLine(socket.getInputStream());
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      line.append((char) c);
    }
    return line.toString();
  }
}
