package io.insightmesh.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog service on each metadata store, started once per test run and shared by every
 * integration test: the embedded H2 default and PostgreSQL.
 */
public final class Stores {
  /** The metadata stores the same suites run against. */
  public enum Kind {
    H2,
    POSTGRESQL
  }

  private static final Map<String, CatalogServer> SERVERS = new ConcurrentHashMap<>();
  private static PostgresCluster postgres;

  /**
   * Where the shared H2 catalog's UI looks for the scoring engine: the catalog starts before any
   * engine (the engine needs its keys), so the port is chosen up front.
   */
  private static final int UI_ENGINE_PORT = ServiceProcess.freePort();

  private Stores() {}

  /** The catalog on {@code kind} with the default warehouse under its data directory. */
  public static synchronized CatalogServer catalog(Kind kind) {
    return SERVERS.computeIfAbsent(
        kind.name(),
        name ->
            start(
                kind,
                name,
                Map.of("mesh.catalog.ui.engine-uri", "http://127.0.0.1:" + UI_ENGINE_PORT)));
  }

  /**
   * A superuser's connection to the database of the shared PostgreSQL catalog, for a test that
   * makes the store refuse what an operator's database can refuse (a full disk, a broken table).
   */
  public static Connection postgresCatalogDatabase() throws SQLException {
    String database;
    synchronized (Stores.class) {
      catalog(Kind.POSTGRESQL);
      database = postgres().jdbcUrl(databaseName(Kind.POSTGRESQL.name()));
    }
    return DriverManager.getConnection(database, "postgres", "");
  }

  /** The port an engine must listen on for the shared catalogs' UI to reach it. */
  public static int uiEnginePort() {
    return UI_ENGINE_PORT;
  }

  /**
   * The catalog on {@code kind} for Iceberg's compatibility kit, whose tests ask for table
   * locations under {@code /tmp}: its warehouse is {@code file:/tmp} so those stay inside it.
   */
  public static synchronized CatalogServer compatibilityKitCatalog(Kind kind) {
    return SERVERS.computeIfAbsent(
        "rck-" + kind.name(),
        name -> start(kind, name, Map.of("mesh.catalog.warehouse-location", "file:/tmp")));
  }

  private static CatalogServer start(Kind kind, String name, Map<String, String> extra) {
    String directory = name.toLowerCase(java.util.Locale.ROOT);
    Path work = workDirectory().resolve(directory);
    deleteRecursively(work);
    Map<String, String> settings = new java.util.HashMap<>(extra);
    if (kind == Kind.POSTGRESQL) {
      settings.put("mesh.catalog.store.jdbc-url", postgres().createDatabase(databaseName(name)));
      settings.put("mesh.catalog.store.username", "mesh");
      settings.put("mesh.catalog.store.password", "mesh");
    }
    CatalogServer server = CatalogServer.start(directory, work.resolve("data"), settings);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    return server;
  }

  private static String databaseName(String catalogName) {
    return "mesh_" + catalogName.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
  }

  private static synchronized PostgresCluster postgres() {
    if (postgres == null) {
      // Under /tmp: the server runs as the postgres user, which must reach the directory, and its
      // socket path must stay short.
      try {
        postgres = PostgresCluster.start(Files.createTempDirectory("mesh-pg"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      PostgresCluster started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return postgres;
  }

  public static Path workDirectory() {
    String configured = System.getProperty("mesh.test.work-dir");
    Path directory =
        configured != null ? Path.of(configured) : Path.of("target", "it-work").toAbsolutePath();
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (var paths = Files.walk(directory)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
