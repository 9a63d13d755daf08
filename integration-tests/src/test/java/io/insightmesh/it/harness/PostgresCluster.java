package io.insightmesh.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (the Debian package) started through {@code infra/postgres/cluster.sh},
 * once per test run, in a throwaway directory.
 */
public final class PostgresCluster implements AutoCloseable {
  private final Path script;
  private final Path directory;
  private final int port;

  private PostgresCluster(Path script, Path directory, int port) {
    this.script = script;
    this.directory = directory;
    this.port = port;
  }

  public static PostgresCluster start(Path directory) {
    Path script = repositoryRoot().resolve("infra/postgres/cluster.sh");
    PostgresCluster cluster = new PostgresCluster(script, directory, ServiceProcess.freePort());
    cluster.run("start", directory.toString(), String.valueOf(cluster.port));
    return cluster;
  }

  /** A JDBC URL for a fresh, empty database named {@code database}. */
  public String createDatabase(String database) {
    // The superuser (trust authentication on loopback) creates; the mesh role owns.
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
      statement.execute("CREATE DATABASE " + database + " OWNER mesh");
      return jdbcUrl(database);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot create database " + database, e);
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Stops the server and deletes its directory: a test run leaves no cluster behind in /tmp. */
  @Override
  public void close() {
    run("destroy", directory.toString());
  }

  private void run(String... arguments) {
    String[] command = new String[arguments.length + 2];
    command[0] = "bash";
    command[1] = script.toString();
    System.arraycopy(arguments, 0, command, 2, arguments.length);
    try {
      Path output = Files.createTempFile("pg-cluster", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      try {
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
          throw new IllegalStateException(
              "PostgreSQL " + arguments[0] + " failed: " + Files.readString(output));
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static Path repositoryRoot() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new IllegalStateException("Cannot find the repository root from " + Path.of(""));
    }
    return directory;
  }
}
