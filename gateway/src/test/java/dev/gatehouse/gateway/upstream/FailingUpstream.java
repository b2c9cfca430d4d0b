package dev.gatehouse.gateway.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real TCP upstream on a random loopback port that fails in one way, as a crashed, frozen, slow
 * or dying backend does: nothing listening (refused), accepting and never answering (hung),
 * answering after a delay (slow), or resetting the connection before or in the middle of its
 * answer. No mock: the gateway's HTTP client meets real sockets.
 */
final class FailingUpstream implements AutoCloseable {

  /** What the upstream does with each connection, after reading the request head. */
  enum Behaviour {
    HUNG,
    SLOW,
    RESET_BEFORE_ANSWER,
    RESET_MID_BODY,
    HELD
  }

  static final String PARTIAL_BODY = "{\"partial\":";

  private final ServerSocket server;
  private final Behaviour behaviour;
  private final Duration delay;
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch resetSignal = new CountDownLatch(1);
  private final CountDownLatch received = new CountDownLatch(1);

  private FailingUpstream(Behaviour behaviour, Duration delay) {
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    this.behaviour = behaviour;
    this.delay = delay;
    Thread acceptor = new Thread(this::accept, "failing-upstream-" + behaviour);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static FailingUpstream hung() {
    return new FailingUpstream(Behaviour.HUNG, Duration.ZERO);
  }

  /** Answers 200 after {@code delay}. */
  static FailingUpstream slow(Duration delay) {
    return new FailingUpstream(Behaviour.SLOW, delay);
  }

  static FailingUpstream resetBeforeAnswer() {
    return new FailingUpstream(Behaviour.RESET_BEFORE_ANSWER, Duration.ZERO);
  }

  /** Answers 200 {@code held} only once {@link #release} is called. */
  static FailingUpstream held() {
    return new FailingUpstream(Behaviour.HELD, Duration.ZERO);
  }

  /** Whether a request arrived within {@code timeout}. */
  boolean awaitRequest(Duration timeout) throws InterruptedException {
    return received.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  void release() {
    resetSignal.countDown();
  }

  /**
   * Sends a 200 head announcing 1000 bytes and the first {@link #PARTIAL_BODY} of them, then resets
   * the connection when {@link #resetNow} is called.
   */
  static FailingUpstream resetMidBody() {
    return new FailingUpstream(Behaviour.RESET_MID_BODY, Duration.ZERO);
  }

  /**
   * A listening socket that never accepts, with its accept queue filled by {@code fillers}: the
   * kernel drops further connection attempts (SYNs), as with a host that is down or firewalled
   * without a reject, so a client's connect times out.
   */
  static final class Unaccepting implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> fillers = new CopyOnWriteArrayList<>();

    Unaccepting() {
      try {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 3; i++) {
          Socket filler = new Socket();
          try {
            filler.connect(server.getLocalSocketAddress(), 200);
            fillers.add(filler);
          } catch (IOException queueFull) {
            filler.close();
          }
        }
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }

    String uri() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      for (Socket filler : fillers) {
        filler.close();
      }
      server.close();
    }
  }

  /** A loopback port nothing listens on: bound once, then released. */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  void resetNow() {
    resetSignal.countDown();
  }

  String uri() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        Thread handler = new Thread(() -> handle(socket), "failing-upstream-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException ex) {
        return; // closed
      }
    }
  }

  private void handle(Socket socket) {
    try {
      readHead(socket.getInputStream());
      received.countDown();
      OutputStream out = socket.getOutputStream();
      switch (behaviour) {
        case HUNG -> closed.await();
        case SLOW -> {
          if (!closed.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
            out.write(
                ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                        + "{\"late\":1}\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
        }
        case RESET_BEFORE_ANSWER -> reset(socket);
        case HELD -> {
          resetSignal.await();
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nheld\n"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        case RESET_MID_BODY -> {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                      + PARTIAL_BODY)
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
          // Until the test has read them through the gateway: the response is committed by then.
          resetSignal.await();
          reset(socket);
        }
      }
    } catch (IOException | InterruptedException ex) {
      // The gateway gave up on the connection: nothing to do.
    }
  }

  /** An RST instead of a FIN: linger 0, then close. */
  private static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  private static void readHead(InputStream in) throws IOException {
    int last4 = 0;
    int b;
    while ((b = in.read()) != -1) {
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    resetSignal.countDown();
    server.close();
    for (Socket socket : connections) {
      socket.close();
    }
  }
}
