package dev.gatehouse.testsupport.redis;

import dev.gatehouse.testsupport.net.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.test.context.DynamicPropertyRegistry;
import redis.embedded.RedisServer;

/**
 * A real Redis server (embedded-redis binary) on a random loopback port that a test can stop and
 * start again on the same port, to check behaviour through an outage. Not shared: each test owns
 * its server and must {@link #close()} it.
 */
public final class TestRedis implements AutoCloseable {

  private final int port;
  private RedisServer server;
  private boolean running;

  private TestRedis(int port) {
    this.port = port;
    this.server = newServer(port);
  }

  /** Starts a new server on a free port. */
  public static TestRedis start() {
    TestRedis redis = new TestRedis(FreePorts.next());
    redis.startAgain();
    return redis;
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  public boolean isRunning() {
    return running;
  }

  /** Stops the server; clients see connection failures until {@link #startAgain()}. */
  public synchronized void stop() {
    if (running) {
      try {
        server.stop();
      } catch (IOException ex) {
        throw new UncheckedIOException("could not stop Redis on port " + port, ex);
      }
      running = false;
    }
  }

  /** Starts the server again on the same port, empty. */
  public synchronized void startAgain() {
    if (!running) {
      try {
        server = newServer(port);
        server.start();
      } catch (IOException ex) {
        throw new UncheckedIOException("could not start Redis on port " + port, ex);
      }
      running = true;
    }
  }

  /** Points Spring's {@code spring.data.redis.*} at this server. */
  public void register(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.host", this::host);
    registry.add("spring.data.redis.port", this::port);
  }

  @Override
  public void close() {
    stop();
  }

  private static RedisServer newServer(int port) {
    try {
      return RedisServer.newRedisServer()
          .port(port)
          .bind("127.0.0.1")
          .setting("save \"\"")
          .setting("appendonly no")
          .build();
    } catch (IOException ex) {
      throw new UncheckedIOException("could not prepare Redis on port " + port, ex);
    }
  }
}
