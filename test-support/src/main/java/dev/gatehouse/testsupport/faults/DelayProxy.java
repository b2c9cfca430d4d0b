package dev.gatehouse.testsupport.faults;

import dev.gatehouse.testsupport.net.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A plain TCP proxy on a loopback port in front of one real service: with {@link #delay(Duration)}
 * every chunk the service answers is held back that long (a slow service, not a dead one), and it
 * remembers the last bearer token a client sent through it (the gateway's minted JWT on its way to
 * a backend), so a test can replay that token later. Nothing else is changed.
 */
public final class DelayProxy implements AutoCloseable {

  private static final Pattern BEARER =
      Pattern.compile("(?i)\\r\\nAuthorization: Bearer ([^\\r\\n]+)");

  private final int port = FreePorts.next();
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
  private final AtomicReference<@Nullable String> lastBearer = new AtomicReference<>();
  private final AtomicLong bearerRequests = new AtomicLong();
  private volatile boolean open = true;

  private DelayProxy(int targetPort) {
    this.targetPort = targetPort;
    try {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException ex) {
      throw new UncheckedIOException("could not listen on " + port, ex);
    }
    Thread acceptor = new Thread(this::accept, "delay-proxy-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Listens on a free loopback port and forwards to {@code 127.0.0.1:targetPort}. */
  public static DelayProxy to(int targetPort) {
    return new DelayProxy(targetPort);
  }

  public int port() {
    return port;
  }

  /** Holds back every chunk the service sends by {@code delay} from now on ({@code 0}: none). */
  public void delay(Duration delay) {
    this.delay.set(delay);
  }

  /** The last {@code Authorization: Bearer} value a client sent through this proxy. */
  public @Nullable String lastBearerToken() {
    return lastBearer.get();
  }

  /** How many requests with a bearer token went through so far (to see requests in flight). */
  public long bearerRequests() {
    return bearerRequests.get();
  }

  @Override
  public void close() {
    open = false;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    sockets.forEach(DelayProxy::closeQuietly);
  }

  private void accept() {
    while (open) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
        } catch (IOException refused) {
          // the service is down: the client sees its connection closed, like a refused one
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream, false);
        pump(upstream, client, true);
      } catch (IOException ex) {
        if (open) {
          continue;
        }
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean answers) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  if (answers) {
                    hold();
                  } else {
                    remember(buffer, read);
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException ex) {
                // one side closed: close both below
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "delay-proxy-" + port + (answers ? "-down" : "-up"));
    thread.setDaemon(true);
    thread.start();
  }

  private void hold() {
    Duration current = delay.get();
    if (!current.isZero()) {
      try {
        Thread.sleep(current.toMillis());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void remember(byte[] buffer, int length) {
    Matcher matcher = BEARER.matcher(new String(buffer, 0, length, StandardCharsets.ISO_8859_1));
    if (matcher.find()) {
      lastBearer.set(matcher.group(1).trim());
      bearerRequests.incrementAndGet();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
