package dev.gatehouse.testsupport.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One Redis command over a fresh socket (RESP2), so the fixtures can ask a server or a sentinel a
 * question without a Redis client library on test-support's classpath. Replies become {@code
 * String}, {@code Long}, {@code List} or {@code null}; an error reply is an {@link
 * IllegalStateException}.
 */
final class Resp {

  private static final int TIMEOUT_MILLIS = 2_000;

  private Resp() {}

  static @Nullable Object call(int port, String... command) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write(encode(command));
      out.flush();
      return read(new BufferedInputStream(socket.getInputStream()));
    } catch (IOException ex) {
      throw new UncheckedIOException("Redis on port " + port + " did not answer", ex);
    }
  }

  /** Whether something answers {@code PING} on {@code port}. */
  static boolean answers(int port) {
    try {
      return "PONG".equals(call(port, "PING"));
    } catch (RuntimeException ex) {
      return false;
    }
  }

  private static byte[] encode(String... command) {
    StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
    for (String part : command) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      request.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
    }
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static @Nullable Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    return switch (type) {
      case '+' -> line;
      case '-' -> throw new IllegalStateException("Redis answered an error: " + line);
      case ':' -> Long.parseLong(line);
      case '$' -> bulk(in, Integer.parseInt(line));
      case '*' -> array(in, Integer.parseInt(line));
      default -> throw new IOException("not a RESP reply: " + (char) type + line);
    };
  }

  private static @Nullable String bulk(InputStream in, int length) throws IOException {
    if (length < 0) {
      return null;
    }
    byte[] bytes = in.readNBytes(length + 2);
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  private static @Nullable List<@Nullable Object> array(InputStream in, int length)
      throws IOException {
    if (length < 0) {
      return null;
    }
    List<@Nullable Object> items = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      items.add(read(in));
    }
    return items;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    for (int next = in.read(); next != -1; next = in.read()) {
      if (previous == '\r' && next == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
      }
      line.write(next);
      previous = next;
    }
    throw new IOException("connection closed in the middle of a reply");
  }
}
