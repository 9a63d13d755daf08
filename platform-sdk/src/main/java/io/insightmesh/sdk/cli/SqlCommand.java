package io.insightmesh.sdk.cli;

import io.insightmesh.sdk.MeshException;
import io.insightmesh.sdk.catalog.CatalogNotRunningException;
import io.insightmesh.sdk.launcher.Component;
import io.insightmesh.sdk.launcher.HealthProbe;
import io.insightmesh.sdk.launcher.HealthProbe.Health;
import io.insightmesh.sdk.launcher.Launcher;
import io.insightmesh.sdk.launcher.TrinoNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./mesh sql}: one SQL statement through Trino's JDBC driver as a seeded principal, so a
 * user sees exactly what the catalog's policy lets that principal see (PII masked for analysts).
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run QUERY on the platform's Trino as PRINCIPAL (a token from the catalog, like ./mesh"
          + " token) and print the rows as a table. Tables are <domain>.<table> of catalog mesh,"
          + " e.g. claims.claims_v1.",
      "Exit status: 0 done, 1 the query failed (Trino's message, e.g. Access Denied) or the"
          + " principal is unknown, 3 Trino or the catalog is not running."
    })
final class SqlCommand implements Callable<Integer> {
  /** Exit status when the statement reached Trino and failed there. */
  static final int QUERY_FAILED = 1;

  /** Exit status when Trino or the catalog cannot be reached. */
  static final int NOT_RUNNING = 3;

  /** Rows printed at most; a table of more is no use on a terminal. */
  private static final int MAX_ROWS = 1000;

  @ParentCommand MeshCommand mesh;
  @Spec CommandSpec spec;
  @Mixin PortOptions ports;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "PRINCIPAL",
      defaultValue = "analyst",
      description = "Who runs the query: a seeded principal (default: ${DEFAULT-VALUE}).")
  String user;

  @Parameters(paramLabel = "QUERY", description = "One SQL statement, without a trailing ';'.")
  String query;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Launcher launcher = mesh.launcher(ports, spec);
    int trinoPort = launcher.port(Component.TRINO);
    if (Component.TRINO.health(new HealthProbe(), trinoPort) == Health.DOWN) {
      err.println("error: trino is not running; start it with ./mesh up");
      err.flush();
      return NOT_RUNNING;
    }
    Properties connection = connectionSettings(launcher);
    String token;
    try {
      token = CatalogAccess.of(mesh, ports, spec, user).token();
    } catch (CatalogNotRunningException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return NOT_RUNNING;
    }
    Properties properties = new Properties();
    properties.setProperty("SSL", "true");
    properties.setProperty("SSLTrustStorePath", connection.getProperty(TrinoNode.TRUSTSTORE));
    properties.setProperty(
        "SSLTrustStorePassword", connection.getProperty(TrinoNode.TRUSTSTORE_PASSWORD));
    properties.setProperty("SSLTrustStoreType", "PKCS12");
    properties.setProperty("accessToken", token);
    properties.setProperty("source", "mesh-sql");
    String url = connection.getProperty(TrinoNode.JDBC_URL);
    try (Connection trino = DriverManager.getConnection(url, properties);
        Statement statement = trino.createStatement()) {
      if (statement.execute(query.strip())) {
        try (ResultSet rows = statement.getResultSet()) {
          print(rows, out);
        }
      } else {
        out.println("OK (" + statement.getUpdateCount() + " rows)");
      }
      out.flush();
      return 0;
    } catch (SQLException e) {
      err.println("error: " + message(e));
      err.flush();
      return isUnreachable(e) ? NOT_RUNNING : QUERY_FAILED;
    }
  }

  private static Properties connectionSettings(Launcher launcher) {
    Path file = Component.trinoDirectory(launcher.layout()).resolve("connection.properties");
    Properties connection = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      connection.load(in);
    } catch (NoSuchFileException e) {
      throw new MeshException(
          "trino was not started by ./mesh up from this data directory (no " + file + ")");
    } catch (IOException e) {
      throw new MeshException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return connection;
  }

  /** The rows as an aligned table: a header, a rule, the rows, and their count. */
  static void print(ResultSet rows, PrintWriter out) throws SQLException {
    ResultSetMetaData metadata = rows.getMetaData();
    int columns = metadata.getColumnCount();
    List<String[]> lines = new ArrayList<>();
    String[] header = new String[columns];
    for (int i = 0; i < columns; i++) {
      header[i] = metadata.getColumnLabel(i + 1);
    }
    int count = 0;
    boolean truncated = false;
    while (rows.next()) {
      if (count == MAX_ROWS) {
        truncated = true;
        break;
      }
      String[] line = new String[columns];
      for (int i = 0; i < columns; i++) {
        Object value = rows.getObject(i + 1);
        line[i] = value == null ? "NULL" : String.valueOf(value);
      }
      lines.add(line);
      count++;
    }
    int[] widths = new int[columns];
    for (int i = 0; i < columns; i++) {
      widths[i] = header[i].length();
      for (String[] line : lines) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    out.println(row(header, widths));
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < columns; i++) {
      rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
    }
    out.println(rule);
    for (String[] line : lines) {
      out.println(row(line, widths));
    }
    out.println(
        "("
            + count
            + (count == 1 ? " row" : " rows")
            + (truncated ? ", more not shown: add a LIMIT" : "")
            + ")");
  }

  private static String row(String[] values, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", values[i]));
    }
    return line.toString().stripTrailing();
  }

  // The driver wraps Trino's own message ("Query failed (#id): Access Denied: …"); keep that.
  private static String message(SQLException e) {
    String message = e.getMessage();
    return message == null ? e.toString() : message;
  }

  private static boolean isUnreachable(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException) {
        return true;
      }
    }
    return false;
  }
}
