package io.insightmesh.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Trino server (the release tarball that {@code infra/trino/install.sh} installs) running as
 * a single-node coordinator and worker on Java 25, with the catalog service as its Iceberg catalog
 * {@code mesh}. Its configuration lives in {@code <directory>/etc}, so {@code bin/launcher run
 * --etc-dir=<directory>/etc} starts the same server by hand when a test needs a closer look.
 */
public final class TrinoServer implements AutoCloseable {
  /** The release the platform runs; {@code infra/trino/install.sh} installs the same one. */
  public static final String VERSION = "476";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final Path directory;
  private final int port;
  private Process process;

  private TrinoServer(Path directory, int port) {
    this.directory = directory;
    this.port = port;
  }

  /**
   * Starts Trino on a free port of 127.0.0.1 with one catalog, {@code mesh}: the Iceberg REST
   * catalog of {@code catalog}, signed in as {@code principal}. Waits until the server accepts
   * queries.
   */
  public static TrinoServer start(Path directory, CatalogServer catalog, String principal) {
    TrinoServer server = new TrinoServer(directory, freePort());
    server.configure(catalog, principal);
    server.launch();
    return server;
  }

  // Extras: what the usage test and the query benchmark add to the server; the rest of the
  // configuration is the same as every other test's.

  /**
   * What a test may add to the server {@link #start(Path, CatalogServer, String)} starts: a port
   * chosen in advance (when a catalog must know Trino's address before Trino starts), more catalogs
   * (file name without {@code .properties} to its lines), and the lines of {@code
   * event-listener.properties}.
   */
  public record Extras(int port, Map<String, List<String>> catalogs, List<String> eventListener) {
    public Extras {
      catalogs = Map.copyOf(catalogs);
      eventListener = List.copyOf(eventListener);
    }
  }

  /** Starts Trino as {@link #start(Path, CatalogServer, String)} does, with {@code extras}. */
  public static TrinoServer start(
      Path directory, CatalogServer catalog, String principal, Extras extras) {
    TrinoServer server = new TrinoServer(directory, extras.port());
    server.configure(catalog, principal);
    server.configureExtras(extras);
    server.launch();
    return server;
  }

  /** A free port of 127.0.0.1, for {@link Extras#port()}. */
  public static int reservePort() {
    return freePort();
  }

  private void configureExtras(Extras extras) {
    Path etc = directory.resolve("etc");
    try {
      for (Map.Entry<String, List<String>> catalog : extras.catalogs().entrySet()) {
        Files.write(etc.resolve("catalog/" + catalog.getKey() + ".properties"), catalog.getValue());
      }
      if (!extras.eventListener().isEmpty()) {
        Files.write(etc.resolve("event-listener.properties"), extras.eventListener());
        Files.writeString(
            etc.resolve("config.properties"),
            "event-listener.config-files=" + etc.resolve("event-listener.properties") + "\n",
            StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Trino configuration in " + etc, e);
    }
  }

  /** A JDBC URL of this server with {@code mesh} as the default catalog. */
  public String jdbcUrl() {
    return "jdbc:trino://127.0.0.1:" + port + "/mesh";
  }

  /** A JDBC connection for {@code user}; the server trusts the name, as a test server does. */
  public Connection connection(String user) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    try {
      return DriverManager.getConnection(jdbcUrl(), properties);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect to Trino at " + jdbcUrl(), e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path log() {
    return directory.resolve("trino.log");
  }

  private void configure(CatalogServer catalog, String principal) {
    Path etc = directory.resolve("etc");
    try {
      Files.createDirectories(etc.resolve("catalog"));
      Files.createDirectories(directory.resolve("data"));
      Files.write(etc.resolve("node.properties"), nodeProperties());
      // Trino's recommended JVM settings, sized for this 2-core, 24 GiB machine kind where the
      // catalog, PostgreSQL and a Spark session share the memory with it.
      Files.write(
          etc.resolve("jvm.config"),
          List.of(
              "-server",
              "-Xmx3G",
              "-XX:+UseG1GC",
              "-XX:G1HeapRegionSize=32M",
              "-XX:+ExplicitGCInvokesConcurrent",
              "-XX:+ExitOnOutOfMemoryError",
              "-XX:-OmitStackTraceInFastThrow",
              "-XX:ReservedCodeCacheSize=256M",
              "-Djdk.attach.allowAttachSelf=true",
              "-XX:+EnableDynamicAgentLoading",
              "-Dfile.encoding=UTF-8"));
      Files.write(
          etc.resolve("config.properties"),
          List.of(
              "coordinator=true",
              "node-scheduler.include-coordinator=true",
              "http-server.http.port=" + port,
              "discovery.uri=http://127.0.0.1:" + port,
              "catalog.config-dir=" + etc.resolve("catalog"),
              "plugin.dir=" + installation().resolve("plugin")));
      Files.write(
          etc.resolve("catalog/mesh.properties"),
          List.of(
              "connector.name=iceberg",
              "iceberg.catalog.type=rest",
              "iceberg.rest-catalog.uri=" + catalog.icebergUri(),
              "iceberg.rest-catalog.warehouse=mesh",
              "iceberg.rest-catalog.security=OAUTH2",
              // Issue 6 replaces the domain team's credential with the `trino` service principal,
              // and the catalog then decides per Trino user through the OPA access-control plugin.
              "iceberg.rest-catalog.oauth2.credential=" + catalog.credential(principal),
              "iceberg.rest-catalog.oauth2.server-uri=" + catalog.tokenUri(),
              "iceberg.rest-catalog.oauth2.scope=catalog",
              // The embedded default's warehouse is a local directory (file: locations): Trino
              // reaches it through its native local file system, rooted at / so that every file:
              // path the catalog hands out means the same file to Trino.
              "fs.native-local.enabled=true",
              "local.location=/"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Trino configuration in " + etc, e);
    }
  }

  private List<String> nodeProperties() {
    return List.of(
        "node.environment=test",
        "node.id=mesh-it",
        "node.data-dir=" + directory.resolve("data"),
        "node.bind-ip=127.0.0.1",
        "node.internal-address=127.0.0.1");
  }

  private void launch() {
    Path installation = installation();
    Path java = javaHome().resolve("bin/java");
    if (!Files.isExecutable(java)) {
      throw new IllegalStateException(
          "Trino " + VERSION + " needs Java 25 at " + javaHome() + " (set -Dmesh.trino.java-home)");
    }
    // What bin/launcher run executes, without the launcher, so the test owns the JVM process and
    // destroy() reaches Trino's own shutdown hook. Trino itself reads only -Dconfig: node
    // properties arrive as system properties, as the launcher passes them.
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("@" + directory.resolve("etc/jvm.config"));
    nodeProperties().forEach(property -> command.add("-D" + property));
    command.add("-Dconfig=" + directory.resolve("etc/config.properties"));
    command.add("-cp");
    command.add(installation.resolve("lib") + "/*");
    command.add("io.trino.server.TrinoServer");
    long startedAt = System.nanoTime();
    try {
      Files.writeString(log(), String.join(" ", command) + System.lineSeparator());
      process =
          new ProcessBuilder(command)
              .directory(directory.resolve("data").toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Trino from " + installation, e);
    }
    try {
      awaitStarted();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    // Start-up time is a large share of the suite's wall time; the report shows it per run.
    System.out.printf(
        "Trino %s started in %.1f s on %s (log: %s)%n",
        VERSION, (System.nanoTime() - startedAt) / 1e9, uri(), log());
  }

  private void awaitStarted() {
    HttpRequest info = HttpRequest.newBuilder(URI.create(uri() + "/v1/info")).build();
    Awaitility.await("Trino started (log: " + log() + ")")
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "Trino exited with " + process.exitValue() + "; see " + log());
              }
              try {
                HttpResponse<String> response =
                    HTTP.send(info, HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200
                    && response.body().replace(" ", "").contains("\"starting\":false");
              } catch (IOException notListeningYet) {
                return false;
              }
            });
  }

  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The installed server: {@code -Dmesh.trino.home}, else where {@code infra/trino/install.sh} puts
   * it by default, which is run here if the server is missing, so that a plain {@code ./mvnw
   * verify} works without {@code infra/bin/install-prerequisites} having run first.
   */
  static synchronized Path installation() {
    String configured = System.getProperty("mesh.trino.home");
    if (configured != null) {
      return Path.of(configured);
    }
    String cache = System.getenv("MESH_CACHE_DIR");
    Path home =
        (cache != null && !cache.isEmpty()
                ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "insight-mesh"))
            .resolve("trino-server-" + VERSION);
    if (!Files.exists(home.resolve("lib/io.trino_trino-server-main-" + VERSION + ".jar"))) {
      install(home);
    }
    return home;
  }

  private static void install(Path home) {
    Path script = PostgresCluster.repositoryRoot().resolve("infra/trino/install.sh");
    System.out.println("Installing Trino " + VERSION + " (once per machine) with " + script);
    try {
      // Through this JVM's own output, not inherited descriptors: the test runner reads the
      // forked JVM's stdout as its channel.
      Path output = Files.createTempFile("trino-install", ".log");
      Process installer =
          new ProcessBuilder("bash", script.toString(), home.toString())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      boolean finished = installer.waitFor(20, TimeUnit.MINUTES);
      if (!finished) {
        installer.destroyForcibly();
      }
      System.out.print(Files.readString(output));
      if (!finished || installer.exitValue() != 0) {
        throw new IllegalStateException("Cannot install Trino " + VERSION + " with " + script);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path javaHome() {
    return Path.of(System.getProperty("mesh.trino.java-home", "/usr/lib/jvm/temurin-25-jdk-amd64"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
