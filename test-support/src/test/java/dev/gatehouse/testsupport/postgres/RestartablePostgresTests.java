package dev.gatehouse.testsupport.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartablePostgresTests {

  @TempDir Path dataDirectory;

  @Test
  void restartWhenRowsCommittedThenSamePortSameRows() throws Exception {
    try (RestartablePostgres postgres = RestartablePostgres.start(dataDirectory.resolve("data"))) {
      TestPostgres.Database database = postgres.createDatabase("kept");
      try (Connection connection = connect(database);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE t (v text)");
        statement.execute("INSERT INTO t VALUES ('before the restart')");
      }
      int port = postgres.port();

      postgres.stop();
      assertThatThrownBy(() -> connect(database).close()).isInstanceOf(SQLException.class);
      postgres.startAgain();

      assertThat(postgres.port()).isEqualTo(port);
      try (Connection connection = connect(database);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT v FROM t")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("before the restart");
      }
    }
  }

  private static Connection connect(TestPostgres.Database database) throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), database.username(), database.password());
  }
}
