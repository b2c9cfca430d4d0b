package dev.gatehouse.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept alive across requests, written and read as raw bytes: each answer is
 * read whole (by {@code Content-Length} or chunked), so the next request goes on the same
 * connection exactly as a browser's or a backend's HTTP client would send it.
 */
final class KeptAliveConnection implements AutoCloseable {

  /** One request: head (without Host and the final CRLF CRLF), body, whether it is a HEAD. */
  record Request(String head, byte[] body, boolean headRequest) {}

  /** One answer: status, head, body; {@code closes} when the server said it closes. */
  record Answer(int status, String head, byte[] body, boolean closes) {}

  private final int port;
  private final Duration readTimeout;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private int opened;

  KeptAliveConnection(int port, Duration readTimeout) throws IOException {
    this.port = port;
    this.readTimeout = readTimeout;
    open();
  }

  /** How many TCP connections this one has needed (the server may close after an answer). */
  int connectionsOpened() {
    return opened;
  }

  /**
   * Sends {@code head} (request line and headers, without the final CRLF CRLF; {@code Host} is
   * added) and {@code body}, reads the whole answer; reopens first if the server closed.
   */
  Answer exchange(String head, byte[] body, boolean headRequest) throws IOException {
    byte[] start =
        (head + "\r\nHost: localhost:" + port + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    out.write(start);
    out.write(body);
    out.flush();
    Answer answer = read(headRequest);
    if (answer.closes()) {
      close();
      open();
    }
    return answer;
  }

  /**
   * Writes all {@code requests} at once (pipelined), then reads their answers in order. The server
   * must not close in between.
   */
  List<Answer> pipeline(List<Request> requests) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Request request : requests) {
      bytes.write(
          (request.head() + "\r\nHost: localhost:" + port + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      bytes.write(request.body());
    }
    out.write(bytes.toByteArray());
    out.flush();
    List<Answer> answers = new ArrayList<>();
    for (Request request : requests) {
      Answer answer = read(request.headRequest());
      answers.add(answer);
      if (answer.closes()) {
        close();
        open();
        break;
      }
    }
    return answers;
  }

  private void open() throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout((int) readTimeout.toMillis());
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    opened++;
  }

  private Answer read(boolean headRequest) throws IOException {
    String head = line();
    if (!head.startsWith("HTTP/1.1 ")) {
      throw new IOException("not an HTTP answer: '" + head + "'");
    }
    int status = Integer.parseInt(head.substring(9, 12));
    StringBuilder headers = new StringBuilder(head).append("\r\n");
    long length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String line = line(); !line.isEmpty(); line = line()) {
      headers.append(line).append("\r\n");
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(line.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        closes = true;
      }
    }
    byte[] body;
    if (headRequest || status == 204 || status == 304 || status / 100 == 1) {
      body = new byte[0];
    } else if (chunked) {
      body = chunks();
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new IOException("body cut off after " + body.length + " of " + length + " bytes");
      }
    } else {
      body = in.readAllBytes();
      closes = true;
    }
    return new Answer(status, headers.toString(), body, closes);
  }

  private byte[] chunks() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line();
      int semicolon = size.indexOf(';');
      int length =
          Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (length == 0) {
        while (!line().isEmpty()) {
          // trailers
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(length));
      line();
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    int b;
    while ((b = in.read()) != -1) {
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
    throw new IOException("connection closed by the gateway mid-answer");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
