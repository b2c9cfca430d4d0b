package dev.gatehouse.gateway.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A real TCP server standing in for auth-service's introspection endpoint: it either answers every
 * request with a fixed RFC 7662 body, or <em>hangs</em> — accepts the connection, reads the request
 * and never answers, as a frozen process does. It counts the introspection requests that reached
 * it, so a test can prove that none was made.
 */
final class HangingAuthService implements AutoCloseable {

  private final ServerSocket server;
  private final AtomicInteger introspections = new AtomicInteger();
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private volatile @Nullable String answer;

  HangingAuthService() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "hanging-auth-service");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String introspectionUri() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/oauth2/introspect";
  }

  /** From now on, requests are read and never answered. */
  void hang() {
    answer = null;
  }

  /** From now on, every request is answered 200 with {@code json}. */
  void answer(String json) {
    answer = json;
  }

  /** Introspection requests received so far, answered or not. */
  int introspections() {
    return introspections.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : held) {
      socket.close();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread handler = new Thread(() -> handle(socket), "hanging-auth-service-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void handle(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      if (head.startsWith("POST /oauth2/introspect")) {
        introspections.incrementAndGet();
      }
      in.readNBytes(contentLength(head));
      String body = answer;
      if (body == null) {
        held.add(socket); // never answered; closed by the client's timeout or by close()
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                  + bytes.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      socket.close();
    } catch (IOException clientGone) {
      // The gateway gave up (its timeout): nothing to do.
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the end of the request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return 0;
  }
}
