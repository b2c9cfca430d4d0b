package dev.gatehouse.testsupport.redis;

import dev.gatehouse.testsupport.net.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;
import redis.embedded.core.ExecutableProvider;

/**
 * Redis as a replicated service: a real primary, one replica and three sentinels (quorum 2), all
 * {@code redis-server} processes (the embedded-redis binary; {@code --sentinel} for the sentinels)
 * on random loopback ports. Sentinels declare a primary down after {@value #DOWN_AFTER_MILLIS} ms
 * without an answer, so a {@link #killPrimary()} becomes a failover within a few seconds; {@link
 * #awaitFailover(Duration)} waits until every sentinel names the new primary. Not shared: each test
 * owns its set and must {@link #close()} it.
 */
public final class TestRedisSentinel implements AutoCloseable {

  /** The name clients ask the sentinels for ({@code spring.data.redis.sentinel.master}). */
  public static final String MASTER_NAME = "gatehouse";

  private static final int DOWN_AFTER_MILLIS = 1_000;
  private static final int FAILOVER_TIMEOUT_MILLIS = 3_000;
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private final Path binary;
  private final Path workDir;
  private final List<RedisProcess> nodes = new ArrayList<>();
  private final List<RedisProcess> sentinels = new ArrayList<>();

  private TestRedisSentinel(Path binary, Path workDir) {
    this.binary = binary;
    this.workDir = workDir;
  }

  /**
   * Starts the primary, the replica (and waits for its link), then the sentinels, and waits until
   * each sentinel knows the replica and the two other sentinels: only then can they fail over.
   */
  public static TestRedisSentinel start() {
    try {
      Path workDir = Files.createTempDirectory("gatehouse-redis-sentinel-");
      Path binary = ExecutableProvider.newJarResourceProvider().get().toPath();
      TestRedisSentinel set = new TestRedisSentinel(binary, workDir);
      try {
        set.startAll();
      } catch (RuntimeException ex) {
        set.close();
        throw ex;
      }
      return set;
    } catch (IOException ex) {
      throw new UncheckedIOException("could not prepare Redis Sentinel", ex);
    }
  }

  private void startAll() throws IOException {
    RedisProcess primary = startNode("redis-primary", List.of());
    RedisProcess replica =
        startNode(
            "redis-replica", List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port)));
    Polling.until(
        SETTLE,
        "the replica's link to the primary",
        () -> info(replica.port, "replication").contains("master_link_status:up"));
    for (int i = 1; i <= 3; i++) {
      int port = FreePorts.next();
      Path config = workDir.resolve("sentinel-" + i + ".conf");
      Files.writeString(config, sentinelConfig(port, primary.port));
      sentinels.add(
          RedisProcess.start(
              binary,
              workDir,
              "redis-sentinel-" + i,
              port,
              List.of(config.toString(), "--sentinel")));
    }
    Polling.until(SETTLE, "sentinels that know the replica and each other", this::settled);
  }

  /**
   * {@code host:port} of each sentinel, comma-separated ({@code spring.data.redis.sentinel.nodes}).
   */
  public String sentinelNodes() {
    return sentinels.stream().map(s -> "127.0.0.1:" + s.port).collect(Collectors.joining(","));
  }

  /** Points Spring's {@code spring.data.redis.sentinel.*} at the sentinels. */
  public void register(DynamicPropertyRegistry registry) {
    registry.add("spring.data.redis.sentinel.master", () -> MASTER_NAME);
    registry.add("spring.data.redis.sentinel.nodes", this::sentinelNodes);
  }

  /** The same as command-line arguments of a Spring Boot service. */
  public List<String> springArguments() {
    return List.of(
        "--spring.data.redis.sentinel.master=" + MASTER_NAME,
        "--spring.data.redis.sentinel.nodes=" + sentinelNodes());
  }

  /** The port of the primary as the first sentinel that answers names it. */
  public int primaryPort() {
    for (RedisProcess sentinel : sentinels) {
      Integer port = primaryPortNamedBy(sentinel);
      if (port != null) {
        return port;
      }
    }
    throw new IllegalStateException("no sentinel names a primary");
  }

  /** Kills the primary with SIGKILL; returns its port. The sentinels then fail over. */
  public int killPrimary() {
    int port = primaryPort();
    RedisProcess primary =
        nodes.stream()
            .filter(node -> node.port == port && node.isAlive())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("the primary is not running"));
    primary.kill();
    return port;
  }

  /**
   * Waits until every sentinel names a primary other than {@code oldPrimaryPort} and that node
   * answers as a primary; returns its port.
   */
  public int awaitFailover(int oldPrimaryPort, Duration atMost) {
    Polling.until(
        atMost,
        "a failover away from port " + oldPrimaryPort,
        () -> {
          for (RedisProcess sentinel : sentinels) {
            Integer named = primaryPortNamedBy(sentinel);
            if (named == null || named == oldPrimaryPort) {
              return false;
            }
          }
          return info(primaryPort(), "replication").contains("role:master");
        });
    return primaryPort();
  }

  /** One command on the current primary (e.g. {@code KEYS}, {@code DBSIZE}, {@code PUBLISH}). */
  public @Nullable Object onPrimary(String... command) {
    return Resp.call(primaryPort(), command);
  }

  /** Kills every process and deletes the work directory. */
  @Override
  public void close() {
    sentinels.forEach(RedisProcess::kill);
    nodes.forEach(RedisProcess::kill);
    try (var files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ex) {
      // A leftover temporary directory harms nobody.
    }
  }

  private RedisProcess startNode(String name, List<String> extra) {
    int port = FreePorts.next();
    List<String> arguments = new ArrayList<>(nodeArguments(port));
    arguments.addAll(extra);
    RedisProcess node = RedisProcess.start(binary, workDir, name, port, arguments);
    nodes.add(node);
    return node;
  }

  private List<String> nodeArguments(int port) {
    // No persistence; full syncs straight over the socket, so nothing is written to disk.
    return List.of(
        "--port", String.valueOf(port),
        "--bind", "127.0.0.1",
        "--dir", workDir.toString(),
        "--save", "",
        "--appendonly", "no",
        "--repl-diskless-sync", "yes",
        "--repl-diskless-sync-delay", "0");
  }

  private String sentinelConfig(int port, int primaryPort) {
    return String.join(
        "\n",
        "port " + port,
        "bind 127.0.0.1",
        "dir " + workDir,
        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + primaryPort + " 2",
        "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MILLIS,
        "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MILLIS,
        "sentinel parallel-syncs " + MASTER_NAME + " 1",
        "");
  }

  private boolean settled() {
    for (RedisProcess sentinel : sentinels) {
      List<?> replicas = (List<?>) Resp.call(sentinel.port, "SENTINEL", "REPLICAS", MASTER_NAME);
      List<?> others = (List<?>) Resp.call(sentinel.port, "SENTINEL", "SENTINELS", MASTER_NAME);
      if (replicas == null || replicas.isEmpty() || others == null || others.size() < 2) {
        return false;
      }
    }
    return true;
  }

  private static @Nullable Integer primaryPortNamedBy(RedisProcess sentinel) {
    try {
      List<?> address =
          (List<?>) Resp.call(sentinel.port, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
      return address == null ? null : Integer.valueOf((String) address.get(1));
    } catch (RuntimeException ex) {
      return null;
    }
  }

  private static String info(int port, String section) {
    return String.valueOf(Resp.call(port, "INFO", section));
  }

  @Override
  public String toString() {
    return "TestRedisSentinel[nodes=" + nodes + ", sentinels=" + sentinels + "]";
  }
}
