package io.insightmesh.it.harness;

import static java.util.Objects.requireNonNull;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.responses.LoadTableResponseParser;

/**
 * Asks the catalog whether a table changed, with the ETag of the last answer it gave.
 *
 * <p>Iceberg's own REST client (1.10) sends no {@code If-None-Match}, so every refresh fetches and
 * parses the whole load-table answer. The scoring benchmark polls the decisions table every 50 ms
 * on the core the engine and the catalog share; with the ETag an unchanged table costs a 304.
 */
public final class TableWatch {
  private final CatalogServer catalog;
  private final String path;
  private final String token;
  private String etag;

  public TableWatch(CatalogServer catalog, TableIdentifier table, String token) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.path = CatalogClients.tablePath(requireNonNull(table, "table is null"));
    this.token = requireNonNull(token, "token is null");
  }

  /**
   * The table's metadata if it changed since the last call (or on the first), else empty.
   *
   * @throws IllegalStateException if the catalog answers anything but 200 or 304
   */
  public Optional<TableMetadata> changed() {
    HttpResponse<String> response =
        CatalogClients.send(
            catalog,
            "GET",
            path,
            null,
            token,
            etag == null ? Map.of() : Map.of("If-None-Match", etag));
    if (response.statusCode() == 304) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Loading " + path + " answered HTTP " + response.statusCode());
    }
    TableMetadata metadata = LoadTableResponseParser.fromJson(response.body()).tableMetadata();
    etag = response.headers().firstValue("ETag").orElse(null);
    return Optional.of(metadata);
  }
}
