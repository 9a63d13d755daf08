package io.insightmesh.sdk.launcher;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One Trino node of the platform, as {@code ./mesh up} and the integration tests run it: the one
 * place that writes Trino's configuration. The node is a coordinator that also executes queries; it
 * reads and writes products through the catalog service's Iceberg REST catalog ({@code mesh}),
 * signed in as the query engine's service principal, and asks the catalog's policy API (Trino's OPA
 * access-control plugin) for every access decision, so a user sees what its roles and the contracts
 * allow, and nothing when the policy cannot be asked. Users authenticate with the catalog's JWTs
 * over HTTPS, on a self-signed certificate made once per data directory; the HTTP port serves only
 * the cluster's internal traffic and {@code /v1/info}. docs/guides/operator.md shows the
 * coordinator-plus-workers layout for more than one machine.
 *
 * <p>With {@link #lineage()} set, Trino's OpenLineage event listener reports every query, SELECT
 * included, to the catalog's lineage API, which counts product usage from the events
 * (docs/decisions/0004-product-usage.md).
 *
 * @param installation the Trino server ({@code infra/trino/install.sh})
 * @param directory where the node keeps its configuration ({@code etc/}), data and keys
 * @param httpPort the internal and health port
 * @param httpsPort the port clients connect to
 * @param catalog the catalog service's base URI, e.g. {@code http://localhost:8181}
 * @param credential the query engine's client credential, {@code <principal>:<secret>}
 * @param policy the policy API's base URI; the catalog's own unless a test points it elsewhere
 * @param heap the JVM's maximum heap, e.g. {@code 3G}
 * @param lineage where the OpenLineage listener reports queries, or null for no listener
 * @param objectStorage the {@code s3://} warehouse Trino reads and writes through its native S3
 *     file system, or null for a {@code file:} warehouse
 * @param catalogToken a service token of the query engine's principal that Trino signs in to the
 *     Iceberg REST catalog with, or null to sign in with {@code credential} (client credentials);
 *     see {@link #withCatalogToken(String)}
 */
public record TrinoNode(
    Path installation,
    Path directory,
    int httpPort,
    int httpsPort,
    URI catalog,
    String credential,
    URI policy,
    String heap,
    Lineage lineage,
    ObjectStorage objectStorage,
    String catalogToken) {
  /** The release the platform runs; {@code infra/trino/install.sh} installs the same one. */
  public static final String VERSION = "476";

  /** Trino 476 needs Java 25; the rest of the platform runs on 17. */
  public static final Path DEFAULT_JAVA_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  /** The Trino catalog name of the catalog service's warehouse. */
  public static final String CATALOG_NAME = "mesh";

  private static final SecureRandom RANDOM = new SecureRandom();

  public TrinoNode {
    installation = requireNonNull(installation, "installation is null").toAbsolutePath();
    directory = requireNonNull(directory, "directory is null").toAbsolutePath();
    requireNonNull(catalog, "catalog is null");
    requireNonNull(credential, "credential is null");
    requireNonNull(policy, "policy is null");
    requireNonNull(heap, "heap is null");
    if (!credential.contains(":")) {
      throw new IllegalArgumentException("credential must be <principal>:<secret>");
    }
    if (catalogToken != null && !isOneToken(catalogToken)) {
      throw new IllegalArgumentException("catalogToken must be one token, without whitespace");
    }
  }

  /** Constructs a node that signs in to the catalog with its client credential. */
  public TrinoNode(
      Path installation,
      Path directory,
      int httpPort,
      int httpsPort,
      URI catalog,
      String credential,
      URI policy,
      String heap,
      Lineage lineage,
      ObjectStorage objectStorage) {
    this(
        installation,
        directory,
        httpPort,
        httpsPort,
        catalog,
        credential,
        policy,
        heap,
        lineage,
        objectStorage,
        null);
  }

  private static boolean isOneToken(String token) {
    return !token.isBlank()
        && token.strip().equals(token)
        && token.chars().noneMatch(Character::isWhitespace);
  }

  /**
   * Where Trino's OpenLineage listener sends its events.
   *
   * @param catalog the catalog service's base URI; events go to {@code /api/v1/lineage}
   * @param serviceToken a long-lived token of the query engine's principal ({@code POST
   *     /api/v1/admin/principals/trino/tokens}): the listener sends one fixed key for the life of
   *     the server, which an hour-long token would outlive
   */
  public record Lineage(URI catalog, String serviceToken) {
    public Lineage {
      requireNonNull(catalog, "catalog is null");
      requireNonNull(serviceToken, "serviceToken is null");
      if (!isOneToken(serviceToken)) {
        throw new IllegalArgumentException("serviceToken must be one token, without whitespace");
      }
    }
  }

  /** This node with its queries reported to {@code lineage}. */
  public TrinoNode withLineage(Lineage lineage) {
    return new TrinoNode(
        installation,
        directory,
        httpPort,
        httpsPort,
        catalog,
        credential,
        policy,
        heap,
        lineage,
        objectStorage,
        catalogToken);
  }

  /** This node on the {@code s3://} warehouse {@code objectStorage} (null: a file: warehouse). */
  public TrinoNode withObjectStorage(ObjectStorage objectStorage) {
    return new TrinoNode(
        installation,
        directory,
        httpPort,
        httpsPort,
        catalog,
        credential,
        policy,
        heap,
        lineage,
        objectStorage,
        catalogToken);
  }

  /**
   * This node signing in to the Iceberg REST catalog with {@code catalogToken}, a service token of
   * the query engine's principal ({@code POST /api/v1/admin/principals/trino/tokens}), instead of
   * its client credential. Trino 476's REST catalog gives every metadata call an OAuth2 session of
   * its own, so with a credential each call first fetches a token (two per query); with a token it
   * sends the token as it is. Trino does not refresh it: the node must be restarted (and given a
   * new token) before it expires, or its catalog calls are refused
   * (docs/decisions/0008-trino-catalog-service-token.md).
   */
  public TrinoNode withCatalogToken(String catalogToken) {
    return new TrinoNode(
        installation,
        directory,
        httpPort,
        httpsPort,
        catalog,
        credential,
        policy,
        heap,
        lineage,
        objectStorage,
        catalogToken);
  }

  /** A node whose policy API is the catalog's own. */
  public static TrinoNode of(
      Path installation,
      Path directory,
      int httpPort,
      int httpsPort,
      URI catalog,
      String credential,
      String heap) {
    return new TrinoNode(
        installation,
        directory,
        httpPort,
        httpsPort,
        catalog,
        credential,
        URI.create(catalog + "/api/v1/policy/trino"),
        heap,
        null,
        null);
  }

  /**
   * The server installed by {@code infra/trino/install.sh}: {@code $MESH_CACHE_DIR} (default {@code
   * ~/.cache/insight-mesh}) {@code /trino-server-476}.
   */
  public static Path defaultInstallation(String cacheDirectory) {
    Path cache =
        cacheDirectory != null && !cacheDirectory.isBlank()
            ? Path.of(cacheDirectory)
            : Path.of(System.getProperty("user.home"), ".cache", "insight-mesh");
    return cache.resolve("trino-server-" + VERSION);
  }

  /** The jar whose presence means the server is installed. */
  public Path serverJar() {
    return installation.resolve("lib").resolve("io.trino_trino-server-main-" + VERSION + ".jar");
  }

  public Path etc() {
    return directory.resolve("etc");
  }

  /** The certificate clients trust (PKCS12), without the server's private key. */
  public Path truststore() {
    return directory.resolve("tls").resolve("truststore.p12");
  }

  /**
   * The node's certificate (PEM), which a client that cannot take a PKCS12 truststore pins: the
   * catalog does, to ask the coordinator who ran a query.
   */
  public Path certificate() {
    return certificateIn(directory);
  }

  /**
   * The certificate of the node kept in {@code directory}, for a client configured before the node
   * first starts (and makes it).
   */
  public static Path certificateIn(Path directory) {
    return directory.toAbsolutePath().resolve("tls").resolve("trino.crt");
  }

  /**
   * The URI clients reach the coordinator at over HTTPS; the listener names its queries' namespace
   * after it ({@code trino://localhost:<port>}), which the catalog's usage lookup matches.
   */
  public URI httpsUri() {
    return URI.create("https://localhost:" + httpsPort);
  }

  /** What a client needs to connect: {@link #JDBC_URL}, {@link #TRUSTSTORE} and its password. */
  public Path connectionFile() {
    return directory.resolve("connection.properties");
  }

  /** Key of the JDBC URL in {@link #connectionFile()}. */
  public static final String JDBC_URL = "jdbc-url";

  /** Key of the truststore path in {@link #connectionFile()}. */
  public static final String TRUSTSTORE = "truststore";

  /** Key of the truststore password in {@link #connectionFile()}. */
  public static final String TRUSTSTORE_PASSWORD = "truststore-password";

  /** The JDBC URL of this node, {@code mesh} as the default catalog. */
  public String jdbcUrl() {
    return "jdbc:trino://localhost:" + httpsPort + "/" + CATALOG_NAME;
  }

  public URI infoUri() {
    return URI.create("http://127.0.0.1:" + httpPort + "/v1/info");
  }

  /**
   * Writes the node's configuration below {@link #directory()}, replacing an earlier one; keys and
   * the certificate are made once and kept, so clients' trust survives restarts.
   *
   * @throws UncheckedIOException if a file cannot be written or {@code keytool} fails
   */
  public void configure() {
    Path etc = etc();
    try {
      Files.createDirectories(etc.resolve("catalog"));
      Files.createDirectories(directory.resolve("data"));
      // Owner-only before anything is written in it: keytool creates its stores world-readable.
      Files.createDirectories(directory.resolve("tls"));
      Files.setPosixFilePermissions(
          directory.resolve("tls"), PosixFilePermissions.fromString("rwx------"));
      String keystorePassword = secret(directory.resolve("tls").resolve("keystore.password"));
      String truststorePassword = secret(directory.resolve("tls").resolve("truststore.password"));
      certificate(keystorePassword, truststorePassword);
      write(etc.resolve("node.properties"), nodeProperties());
      write(etc.resolve("jvm.config"), jvmOptions());
      String policyBase = policy + "/" + credential;
      List<String> config =
          new ArrayList<>(
              List.of(
                  "coordinator=true",
                  "node-scheduler.include-coordinator=true",
                  "http-server.http.port=" + httpPort,
                  "discovery.uri=http://127.0.0.1:" + httpPort,
                  // Clients come in over HTTPS with the catalog's JWTs; HTTP carries only the
                  // cluster's own traffic, authenticated by the shared secret.
                  "http-server.https.enabled=true",
                  "http-server.https.port=" + httpsPort,
                  "http-server.https.keystore.path=" + keystore(),
                  "http-server.https.keystore.key=" + keystorePassword,
                  "http-server.authentication.type=JWT",
                  "http-server.authentication.jwt.key-file=" + catalog + "/oauth/jwks",
                  "http-server.authentication.jwt.required-issuer=insight-mesh",
                  "http-server.authentication.jwt.required-audience=insight-mesh",
                  "internal-communication.shared-secret="
                      + secret(directory.resolve("tls").resolve("internal.secret")),
                  "web-ui.enabled=false",
                  // Relative by default, to the directory Trino was started from (the launcher
                  // would have changed to the data directory; this node runs without it).
                  "http-server.log.path="
                      + directory
                          .resolve("data")
                          .resolve("var")
                          .resolve("log")
                          .resolve("http-request.log"),
                  "access-control.config-files=" + etc.resolve("access-control.properties"),
                  "catalog.config-dir=" + etc.resolve("catalog"),
                  "plugin.dir=" + installation.resolve("plugin")));
      Path listener = etc.resolve("event-listener.properties");
      if (lineage != null) {
        config.add("event-listener.config-files=" + listener);
        // Holds the service token: owner-only, like the engine's credential.
        writePrivate(listener, lineageListener());
      } else {
        Files.deleteIfExists(listener);
      }
      writePrivate(etc.resolve("config.properties"), config);
      // The OPA plugin cannot send a header: the engine's credential is a path segment of every
      // policy URI (docs/decisions/0003-trino-policy-credential.md), so this file is owner-only.
      writePrivate(
          etc.resolve("access-control.properties"),
          List.of(
              "access-control.name=opa",
              "opa.policy.uri=" + policyBase + "/allow",
              "opa.policy.batched-uri=" + policyBase + "/batch",
              // No opa.policy.row-filters-uri: products hide columns, not rows, and without the
              // setting the plugin applies no row filter instead of asking for an empty list on
              // every table a query reads (a round trip the query waits for).
              "opa.policy.batch-column-masking-uri=" + policyBase + "/column-masks",
              // Grants and roles live in the catalog, not in Trino: GRANT, REVOKE, DENY and
              // role statements are refused without asking.
              "opa.allow-permission-management-operations=false",
              // Jetty 12.0 races when its idle-destination sweeper removes the policy service's
              // connection pool as a request takes it (jetty/jetty.project#14533): the request
              // fails (closed). Keeping the one destination alive avoids the sweep.
              "opa.http-client.destination-idle-timeout=7d"));
      // Airlift prints every configuration value at start, the policy URIs (and so the engine's
      // credential) included: the start-up table stays out of the log.
      write(etc.resolve("log.properties"), List.of("Bootstrap=WARN"));
      List<String> meshCatalog =
          new ArrayList<>(
              List.of(
                  "connector.name=iceberg",
                  "iceberg.rest-catalog.uri=" + catalog + "/iceberg",
                  "iceberg.catalog.type=rest",
                  "iceberg.rest-catalog.warehouse=" + CATALOG_NAME,
                  "iceberg.rest-catalog.security=OAUTH2",
                  "iceberg.rest-catalog.oauth2.server-uri=" + catalog + "/oauth/token",
                  // The embedded default's warehouse is a local directory (file: locations): Trino
                  // reaches it through its native local file system, rooted at / so that every
                  // file:
                  // path the catalog hands out means the same file to Trino.
                  "fs.native-local.enabled=true",
                  "local.location=/"));
      if (catalogToken != null) {
        meshCatalog.add("iceberg.rest-catalog.oauth2.token=" + catalogToken);
        // Refreshing would exchange the token before it expires, once per metadata call (each has
        // a session of its own) and on a timer per session; the token outlives the server instead.
        meshCatalog.add("iceberg.rest-catalog.oauth2.token-refresh-enabled=false");
      } else {
        meshCatalog.add("iceberg.rest-catalog.oauth2.credential=" + credential);
        meshCatalog.add("iceberg.rest-catalog.oauth2.scope=catalog");
      }
      if (objectStorage != null) {
        // Credentials come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID and
        // AWS_SECRET_ACCESS_KEY in Trino's environment), so no secret lands in this file; Trino's
        // S3 client sends checksums only where S3 requires them, which S3-compatible stores accept.
        meshCatalog.addAll(objectStorage.trinoCatalogProperties());
      }
      writePrivate(etc.resolve("catalog").resolve(CATALOG_NAME + ".properties"), meshCatalog);
      Properties connection = new Properties();
      connection.setProperty(JDBC_URL, jdbcUrl());
      connection.setProperty(TRUSTSTORE, truststore().toString());
      connection.setProperty(TRUSTSTORE_PASSWORD, truststorePassword);
      try (var out = Files.newBufferedWriter(connectionFile(), StandardCharsets.UTF_8)) {
        connection.store(out, "How clients connect to this Trino node (written by ./mesh up)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Trino configuration in " + etc, e);
    }
  }

  private List<String> lineageListener() {
    return List.of(
        "event-listener.name=openlineage",
        "openlineage-event-listener.transport.type=HTTP",
        "openlineage-event-listener.transport.url=" + lineage.catalog(),
        "openlineage-event-listener.transport.endpoint=/api/v1/lineage",
        "openlineage-event-listener.transport.api-key=" + lineage.serviceToken(),
        // Names the queries' namespace, trino://localhost:<https port>: the address the catalog
        // asks for a query's user (Trino 476's events do not carry it).
        "openlineage-event-listener.trino.uri=" + httpsUri(),
        // Trino's default leaves SELECT out, and reads are what usage counts.
        "openlineage-event-listener.trino.include-query-types="
            + "SELECT,INSERT,DELETE,UPDATE,MERGE,ALTER_TABLE_EXECUTE,DATA_DEFINITION");
  }

  /**
   * The server process: what {@code bin/launcher run} executes, without the launcher, so the caller
   * owns the JVM and a SIGTERM reaches Trino's own shutdown hook. Trino reads only {@code
   * -Dconfig}; node properties arrive as system properties, as the launcher passes them.
   */
  public List<String> command(Path javaHome) {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.add("@" + etc().resolve("jvm.config"));
    nodeProperties().forEach(property -> command.add("-D" + property));
    command.add("-Dconfig=" + etc().resolve("config.properties"));
    command.add("-Dlog.levels-file=" + etc().resolve("log.properties"));
    command.add("-cp");
    command.add(installation.resolve("lib") + "/*");
    command.add("io.trino.server.TrinoServer");
    return List.copyOf(command);
  }

  private List<String> nodeProperties() {
    return List.of(
        "node.environment=mesh",
        "node.id=mesh-" + httpPort,
        "node.data-dir=" + directory.resolve("data"),
        "node.bind-ip=127.0.0.1",
        "node.internal-address=127.0.0.1");
  }

  // Trino's recommended JVM settings, with the heap sized by the caller: on the embedded default
  // the catalog, the scoring engine and Spark share the machine with it.
  private List<String> jvmOptions() {
    return List.of(
        "-server",
        "-Xmx" + heap,
        "-XX:+UseG1GC",
        "-XX:G1HeapRegionSize=32M",
        "-XX:+ExplicitGCInvokesConcurrent",
        "-XX:+ExitOnOutOfMemoryError",
        "-XX:-OmitStackTraceInFastThrow",
        "-XX:ReservedCodeCacheSize=256M",
        "-Djdk.attach.allowAttachSelf=true",
        "-XX:+EnableDynamicAgentLoading",
        "-Dfile.encoding=UTF-8");
  }

  private Path keystore() {
    return directory.resolve("tls").resolve("keystore.p12");
  }

  // keytool reads the passwords from its environment: on its command line, every user's ps shows
  // them while it runs.
  private static final String KEYSTORE_PASSWORD_VARIABLE = "MESH_KEYSTORE_PASSWORD";
  private static final String TRUSTSTORE_PASSWORD_VARIABLE = "MESH_TRUSTSTORE_PASSWORD";

  private void certificate(String keystorePassword, String truststorePassword) throws IOException {
    if (Files.exists(keystore()) && Files.exists(truststore())) {
      return;
    }
    Map<String, String> passwords =
        Map.of(
            KEYSTORE_PASSWORD_VARIABLE,
            keystorePassword,
            TRUSTSTORE_PASSWORD_VARIABLE,
            truststorePassword);
    Files.deleteIfExists(keystore());
    Files.deleteIfExists(truststore());
    Path certificate = certificate();
    keytool(
        passwords,
        "-genkeypair",
        "-alias",
        "trino",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-sigalg",
        "SHA256withECDSA",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "3650",
        "-keystore",
        keystore().toString(),
        "-storetype",
        "PKCS12",
        "-storepass:env",
        KEYSTORE_PASSWORD_VARIABLE,
        "-keypass:env",
        KEYSTORE_PASSWORD_VARIABLE);
    keytool(
        passwords,
        "-exportcert",
        "-alias",
        "trino",
        "-rfc",
        "-file",
        certificate.toString(),
        "-keystore",
        keystore().toString(),
        "-storetype",
        "PKCS12",
        "-storepass:env",
        KEYSTORE_PASSWORD_VARIABLE);
    keytool(
        passwords,
        "-importcert",
        "-noprompt",
        "-alias",
        "trino",
        "-file",
        certificate.toString(),
        "-keystore",
        truststore().toString(),
        "-storetype",
        "PKCS12",
        "-storepass:env",
        TRUSTSTORE_PASSWORD_VARIABLE);
    Files.setPosixFilePermissions(keystore(), PosixFilePermissions.fromString("rw-------"));
  }

  private static void keytool(Map<String, String> passwords, String... arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(passwords);
    Process process = builder.start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool " + arguments[0] + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }

  /** A random secret kept in {@code file} (owner-only), made on first use. */
  private static String secret(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String secret = HexFormat.of().formatHex(bytes);
    writePrivate(file, List.of(secret));
    return secret;
  }

  private static void write(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  // Written aside and moved in, so the file is never readable by others, not even briefly.
  private static void writePrivate(Path file, List<String> lines) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
    Files.write(temporary, lines, StandardCharsets.UTF_8);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
