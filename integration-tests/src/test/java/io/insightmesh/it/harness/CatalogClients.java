package io.insightmesh.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.rest.RESTUtil;

/** Clients of a running catalog: Iceberg's own REST client, and raw HTTP for status checks. */
public final class CatalogClients {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** The warehouse the clients ask for, which is also the catalog's path prefix for it. */
  public static final String WAREHOUSE = "mesh";

  /** Where the catalog serves the Iceberg REST catalog, as a path under its root. */
  public static final String ICEBERG_ROOT = "/iceberg";

  /** The Iceberg REST routes of {@link #WAREHOUSE}, as a path under the catalog's root. */
  public static final String ICEBERG_PATH = ICEBERG_ROOT + "/v1/" + WAREHOUSE;

  private CatalogClients() {}

  /** Iceberg's REST client signed in as a seeded principal through the OAuth2 endpoint. */
  public static RESTCatalog iceberg(CatalogServer server, String principal) {
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(
        "mesh-" + principal,
        Map.of(
            "uri", server.icebergUri(),
            "warehouse", WAREHOUSE,
            "credential", server.credential(principal),
            "oauth2-server-uri", server.tokenUri(),
            "scope", "catalog"));
    return catalog;
  }

  /** The REST path of one table's load/commit route, its namespace and name encoded. */
  public static String tablePath(TableIdentifier table) {
    return ICEBERG_PATH
        + "/namespaces/"
        + RESTUtil.encodeNamespace(table.namespace())
        + "/tables/"
        + RESTUtil.encodeString(table.name());
  }

  /**
   * The sum of a counter's series in the catalog's Prometheus metrics whose labels include {@code
   * label} (such as {@code type="SCAN_REPORT"}); 0 if none.
   */
  public static double counter(CatalogServer server, String name, String label) {
    return send(server, "GET", "/q/metrics", null, null)
        .body()
        .lines()
        .filter(line -> line.startsWith(name + "{"))
        .filter(line -> line.contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** One HTTP exchange; {@code token} null sends no Authorization header. */
  public static HttpResponse<String> send(
      CatalogServer server, String method, String path, String body, String token) {
    return send(server, method, path, body, token, Map.of());
  }

  public static HttpResponse<String> send(
      CatalogServer server,
      String method,
      String path,
      String body,
      String token,
      Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
