package io.insightmesh.catalog.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The catalog's own schema on H2, as the embedded default opens it. */
class SchemaMigrationsTest {
  @Test
  void aScriptCutShortByACrashRunsAgainOverWhatItMade() throws Exception {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:mem:migrations"
            + System.nanoTime()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    // H2 commits DDL statement by statement: a kill -9 in the middle of the first start's V2
    // leaves its first statements' tables behind without V2's version row.
    List<String> registry = SchemaMigrations.statements("V2__registry.sql");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : registry.subList(0, registry.size() / 2)) {
        statement.execute(sql);
      }
    }

    new SchemaMigrations(dataSource).migrate();

    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet version =
            statement.executeQuery("SELECT MAX(version) FROM mesh_schema_version")) {
      version.next();
      assertThat(version.getInt(1)).isEqualTo(6);
    }
  }
}
