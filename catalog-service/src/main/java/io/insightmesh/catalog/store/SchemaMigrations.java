package io.insightmesh.catalog.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Brings the catalog's own tables to the current version. Scripts are plain SQL that H2 (in
 * PostgreSQL mode) and PostgreSQL both accept, applied in order, each in its own transaction, and
 * recorded in {@code mesh_schema_version} so a restart applies only what is new.
 */
final class SchemaMigrations {
  /**
   * Applied in this order; append, never change what a released script makes. Every statement
   * creates only what does not exist: H2 commits each DDL statement on its own, so a first start
   * killed part-way through a script leaves some of its tables without its version row, and the
   * script must run again over them.
   */
  private static final List<String> SCRIPTS =
      List.of(
          "V1__security_and_audit.sql",
          "V2__registry.sql",
          "V3__contracts.sql",
          "V4__lineage.sql",
          "V5__usage.sql",
          "V6__lineage_retention.sql");

  private final DataSource dataSource;

  SchemaMigrations(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void migrate() {
    try (Connection connection = dataSource.getConnection()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS mesh_schema_version ("
                + "version INT PRIMARY KEY, script VARCHAR(255) NOT NULL, "
                + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
      }
      int current = currentVersion(connection);
      for (int index = current; index < SCRIPTS.size(); index++) {
        apply(connection, index + 1, SCRIPTS.get(index));
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot migrate the metadata store schema", e);
    }
  }

  private static int currentVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM mesh_schema_version")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void apply(Connection connection, int version, String script) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements(script)) {
        statement.execute(sql);
      }
      try (PreparedStatement record =
          connection.prepareStatement(
              "INSERT INTO mesh_schema_version (version, script, applied_at) "
                  + "VALUES (?, ?, CURRENT_TIMESTAMP)")) {
        record.setInt(1, version);
        record.setString(2, script);
        record.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw new SQLException("Migration " + script + " failed: " + e.getMessage(), e);
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  static List<String> statements(String script) {
    String path = "db/migration/" + script;
    try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing migration script " + path);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return List.of(text.replaceAll("(?m)^--.*$", "").split(";")).stream()
          .map(String::strip)
          .filter(sql -> !sql.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read migration script " + path, e);
    }
  }
}
