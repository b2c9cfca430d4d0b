package dev.gatehouse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 requests written as raw bytes, so that what an HTTP client would normalise
 * (dot-segments, CR, LF, NUL, odd header spellings) reaches the gateway exactly as an attacker
 * sends it.
 */
public final class RawHttp {

  private RawHttp() {}

  /** The answer's status line and head (header lines), the body is not read. */
  public record Answer(int status, String head) {

    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /**
   * Sends {@code method target HTTP/1.1} with {@code Host}, the given header lines (each ending in
   * CRLF) and {@code Connection: close}, and reads the answer's head.
   */
  public static Answer send(int port, String method, String target, String headers)
      throws IOException {
    return sendHead(
        port,
        method
            + " "
            + target
            + " HTTP/1.1\r\nHost: localhost:"
            + port
            + "\r\n"
            + headers
            + "Connection: close");
  }

  /** Sends {@code head} (request line and header lines, without the final CRLF CRLF) as is. */
  public static Answer sendHead(int port, String head) throws IOException {
    byte[] request = (head + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      int last4 = 0;
      int b;
      // Up to the blank line that ends the answer's head; the body is not needed.
      while ((b = in.read()) != -1) {
        answer.write(b);
        last4 = (last4 << 8) | b;
        if (last4 == 0x0d0a0d0a) {
          break;
        }
      }
      String text = answer.toString(StandardCharsets.ISO_8859_1);
      assertThat(text).as("an HTTP answer").startsWith("HTTP/1.1 ");
      return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    }
  }
}
