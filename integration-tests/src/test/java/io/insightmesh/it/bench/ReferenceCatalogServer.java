package io.insightmesh.it.bench;

import io.insightmesh.it.harness.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * Iceberg's reference REST server ({@code RESTCatalogServer} from {@code
 * iceberg-open-api:test-fixtures}: Jetty, the reference adapter, JdbcCatalog on SQLite) as its own
 * process, so it runs like our service does: a separate JVM with the same heap.
 */
final class ReferenceCatalogServer implements AutoCloseable {
  private final int port;
  private final Process process;

  private ReferenceCatalogServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  static ReferenceCatalogServer start(Path directory) {
    int port = ServiceProcess.freePort();
    try {
      Files.createDirectories(directory.resolve("warehouse"));
      ProcessBuilder builder =
          new ProcessBuilder(
              List.of(
                  ProcessHandle.current().info().command().orElse("java"),
                  "-Xmx512m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "org.apache.iceberg.rest.RESTCatalogServer"));
      builder.environment().put("CATALOG_URI", "jdbc:sqlite:" + directory.resolve("catalog.db"));
      builder.environment().put("CATALOG_WAREHOUSE", directory.resolve("warehouse").toString());
      builder.environment().put("CATALOG_REST_PORT", String.valueOf(port));
      builder.environment().put("CATALOG_JDBC_SCHEMA__VERSION", "V1");
      builder.redirectErrorStream(true);
      builder.redirectOutput(directory.resolve("reference.log").toFile());
      ReferenceCatalogServer server = new ReferenceCatalogServer(port, builder.start());
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String uri() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady() {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest config = HttpRequest.newBuilder(URI.create(uri() + "/v1/config")).build();
    Awaitility.await("reference REST server ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("The reference server exited");
              }
              try {
                return client.send(config, HttpResponse.BodyHandlers.discarding()).statusCode()
                    == 200;
              } catch (IOException notYet) {
                return false;
              }
            });
  }

  @Override
  public void close() {
    ServiceProcess.stop(process, "the reference catalog");
  }
}
