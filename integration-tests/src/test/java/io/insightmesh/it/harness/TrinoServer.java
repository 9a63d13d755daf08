package io.insightmesh.it.harness;

import io.insightmesh.sdk.launcher.ObjectStorage;
import io.insightmesh.sdk.launcher.TrinoNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A real Trino server (the release tarball that {@code infra/trino/install.sh} installs) running as
 * a single-node coordinator and worker on Java 25, configured exactly as {@code ./mesh up} runs it
 * ({@link TrinoNode}): the catalog service as its Iceberg catalog {@code mesh}, signed in as the
 * query engine's principal {@code trino}, every access decision asked of the catalog's policy API,
 * users authenticated by the catalog's JWTs over HTTPS. Its configuration lives in {@code
 * <directory>/etc}, so {@code bin/launcher run --etc-dir=<directory>/etc} starts the same server by
 * hand when a test needs a closer look.
 */
public final class TrinoServer implements AutoCloseable {
  /** The release the platform runs; {@code infra/trino/install.sh} installs the same one. */
  public static final String VERSION = TrinoNode.VERSION;

  /** The query engine's service principal the embedded catalog seeds. */
  public static final String ENGINE_PRINCIPAL = "trino";

  private static final Pattern ACCESS_TOKEN =
      Pattern.compile("\"accessToken\"\\s*:\\s*\"([^\"]+)\"");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final TrinoNode node;
  private final CatalogServer catalog;
  private Process process;

  private TrinoServer(TrinoNode node, CatalogServer catalog) {
    this.node = node;
    this.catalog = catalog;
  }

  /**
   * Starts Trino on free ports of 127.0.0.1 with one catalog, {@code mesh}: the Iceberg REST
   * catalog of {@code catalog}, which also decides access, signed in with a service token of the
   * query engine's principal as {@code ./mesh up} signs it in. Waits until the server accepts
   * queries.
   */
  public static TrinoServer start(Path directory, CatalogServer catalog) {
    return start(directory, catalog, URI.create(catalog.uri() + "/api/v1/policy/trino"));
  }

  /**
   * Starts Trino like {@link #start(Path, CatalogServer)}, but asking {@code policy} for access
   * decisions: a test points it at a policy service that is down.
   */
  public static TrinoServer start(Path directory, CatalogServer catalog, URI policy) {
    TrinoNode node =
        new TrinoNode(
            installation(),
            directory,
            ServiceProcess.freePort(),
            ServiceProcess.freePort(),
            catalog.uri(),
            catalog.credential(ENGINE_PRINCIPAL),
            policy,
            "3G",
            null,
            null,
            serviceToken(catalog, ENGINE_PRINCIPAL));
    node.configure();
    TrinoServer server = new TrinoServer(node, catalog);
    server.launch();
    return server;
  }

  /**
   * Starts Trino as {@link #start(Path, CatalogServer)} does on the {@code s3://} warehouse {@code
   * objectStorage}, in the catalog's environment (which holds the store's credentials), as {@code
   * ./mesh up} starts it with {@code MESH_WAREHOUSE} set.
   */
  public static TrinoServer startOnObjectStorage(
      Path directory, CatalogServer catalog, ObjectStorage objectStorage) {
    TrinoNode node =
        TrinoNode.of(
                installation(),
                directory,
                ServiceProcess.freePort(),
                ServiceProcess.freePort(),
                catalog.uri(),
                catalog.credential(ENGINE_PRINCIPAL),
                "3G")
            .withCatalogToken(serviceToken(catalog, ENGINE_PRINCIPAL))
            .withObjectStorage(objectStorage);
    node.configure();
    TrinoServer server = new TrinoServer(node, catalog);
    server.launch();
    return server;
  }

  /**
   * What a test may add to the server {@link #start(Path, CatalogServer)} starts, on top of the
   * platform's configuration ({@link TrinoNode}), which stays the same as every other test's.
   *
   * @param httpsPort the client port, chosen in advance ({@link #reservePort()}) when a catalog
   *     must know Trino's address before Trino starts; 0 for any free port
   * @param catalogs more catalogs: file name without {@code .properties} to its lines (a {@code
   *     mesh} entry replaces the platform's)
   * @param lineage whether Trino's OpenLineage listener reports queries to the catalog, with a
   *     service token of {@code trino} issued by the admin as {@code ./mesh up} does; off elsewhere
   *     so that other tests' lineage stays their own
   * @param policy the policy API Trino asks, null for the catalog's own
   */
  public record Extras(
      int httpsPort, Map<String, List<String>> catalogs, boolean lineage, URI policy) {
    public Extras {
      catalogs = Map.copyOf(catalogs);
    }
  }

  /** Starts Trino as {@link #start(Path, CatalogServer)} does, with {@code extras}. */
  public static TrinoServer start(Path directory, CatalogServer catalog, Extras extras) {
    String serviceToken = serviceToken(catalog, ENGINE_PRINCIPAL);
    TrinoNode node =
        new TrinoNode(
            installation(),
            directory,
            ServiceProcess.freePort(),
            extras.httpsPort() == 0 ? ServiceProcess.freePort() : extras.httpsPort(),
            catalog.uri(),
            catalog.credential(ENGINE_PRINCIPAL),
            extras.policy() == null
                ? URI.create(catalog.uri() + "/api/v1/policy/trino")
                : extras.policy(),
            "3G",
            extras.lineage() ? new TrinoNode.Lineage(catalog.uri(), serviceToken) : null,
            null,
            serviceToken);
    node.configure();
    try {
      writeCatalogs(node, extras.catalogs());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Trino configuration in " + node.etc(), e);
    }
    TrinoServer server = new TrinoServer(node, catalog);
    server.launch();
    return server;
  }

  /**
   * Starts Trino with the platform's configuration ({@link TrinoNode}: HTTPS, users signed in with
   * {@code users}' JWTs, the same heap and JVM) but without any access control, and with {@code
   * catalogs} in place of the platform's {@code mesh}: the query benchmark's baseline, a catalog
   * that neither Trino nor the catalog checks. Never for a test of the platform's behaviour.
   *
   * @param catalogs file name without {@code .properties} to its lines; a {@code mesh} entry
   *     replaces the platform's
   */
  public static TrinoServer startWithoutAccessControl(
      Path directory, CatalogServer users, Map<String, List<String>> catalogs) {
    TrinoNode node =
        new TrinoNode(
            installation(),
            directory,
            ServiceProcess.freePort(),
            ServiceProcess.freePort(),
            users.uri(),
            users.credential(ENGINE_PRINCIPAL),
            URI.create(users.uri() + "/api/v1/policy/trino"),
            "3G",
            null,
            null);
    node.configure();
    try {
      writeCatalogs(node, catalogs);
      Path config = node.etc().resolve("config.properties");
      // Without access-control.config-files Trino runs its default, which allows every query.
      Files.write(
          config,
          Files.readAllLines(config).stream()
              .filter(line -> !line.startsWith("access-control.config-files="))
              .toList());
      Files.delete(node.etc().resolve("access-control.properties"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Trino configuration in " + node.etc(), e);
    }
    TrinoServer server = new TrinoServer(node, users);
    server.launch();
    return server;
  }

  private static void writeCatalogs(TrinoNode node, Map<String, List<String>> catalogs)
      throws IOException {
    for (Map.Entry<String, List<String>> extra : catalogs.entrySet()) {
      // A catalog may sign in with a token: owner-only, like the platform's own.
      Path file = node.etc().resolve("catalog").resolve(extra.getKey() + ".properties");
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(file, extra.getValue());
    }
  }

  /**
   * A free port of 127.0.0.1, for {@link Extras#httpsPort()}: one the kernel does not hand out
   * itself, so still free when Trino binds it after the catalog that must know it has started.
   */
  public static int reservePort() {
    return ServiceProcess.freePort();
  }

  /**
   * A long-lived token of {@code principal}, as an admin issues it for the listener: the listener
   * sends one fixed API key, which an hour-long token would outlive.
   */
  public static String serviceToken(CatalogServer catalog, String principal) {
    HttpResponse<String> response =
        CatalogClients.send(
            catalog,
            "POST",
            "/api/v1/admin/principals/" + principal + "/tokens",
            "{\"lifetime\":\"P1D\"}",
            catalog.token("admin"));
    Matcher token = ACCESS_TOKEN.matcher(response.body());
    if (response.statusCode() != 200 || !token.find()) {
      throw new IllegalStateException(
          "No service token for " + principal + ": HTTP " + response.statusCode());
    }
    return token.group(1);
  }

  /** The certificate (PEM) of the server kept in {@code directory}, made when it first starts. */
  public static Path certificate(Path directory) {
    return TrinoNode.certificateIn(directory);
  }

  /** The client URI, {@code https://localhost:<port>}. */
  public URI httpsUri() {
    return node.httpsUri();
  }

  /** A JDBC URL of this server with {@code mesh} as the default catalog. */
  public String jdbcUrl() {
    return node.jdbcUrl();
  }

  /**
   * A JDBC connection for {@code principal}, signed in with a fresh token from the catalog, as
   * {@code ./mesh sql} connects.
   */
  public Connection connection(String principal) {
    return connectionWithToken(catalog.token(principal));
  }

  /** A JDBC connection that presents {@code token} (which may be bad: tests check refusals). */
  public Connection connectionWithToken(String token) {
    Properties properties = new Properties();
    properties.setProperty("SSL", "true");
    properties.setProperty("SSLTrustStorePath", node.truststore().toString());
    properties.setProperty("SSLTrustStorePassword", truststorePassword());
    properties.setProperty("SSLTrustStoreType", "PKCS12");
    properties.setProperty("accessToken", token);
    try {
      return DriverManager.getConnection(jdbcUrl(), properties);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot connect to Trino at " + jdbcUrl(), e);
    }
  }

  /** The internal HTTP port's address, where no user may authenticate. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + node.httpPort());
  }

  public Path log() {
    return node.directory().resolve("trino.log");
  }

  private String truststorePassword() {
    Properties connection = new Properties();
    try (var in = Files.newBufferedReader(node.connectionFile())) {
      connection.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return connection.getProperty(TrinoNode.TRUSTSTORE_PASSWORD);
  }

  private void launch() {
    Path java = javaHome().resolve("bin/java");
    if (!Files.isExecutable(java)) {
      throw new IllegalStateException(
          "Trino " + VERSION + " needs Java 25 at " + javaHome() + " (set -Dmesh.trino.java-home)");
    }
    List<String> command = node.command(javaHome());
    long startedAt = System.nanoTime();
    try {
      Files.writeString(log(), String.join(" ", command) + System.lineSeparator());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(catalog.environment());
      process =
          builder
              .directory(node.directory().resolve("data").toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start Trino from " + node.installation(), e);
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
    HttpRequest info = HttpRequest.newBuilder(node.infoUri()).build();
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
    if (process != null) {
      ServiceProcess.stop(process, "Trino");
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
    Path home = TrinoNode.defaultInstallation(System.getenv("MESH_CACHE_DIR"));
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
    return Path.of(
        System.getProperty("mesh.trino.java-home", TrinoNode.DEFAULT_JAVA_HOME.toString()));
  }
}
