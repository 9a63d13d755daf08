package io.insightmesh.catalog.iceberg;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Iceberg's JDBC catalog with table operations that read each metadata file once. Metadata files
 * are immutable, so a parsed {@link TableMetadata} is cached by its location: a load is one indexed
 * pointer lookup, and a commit parses nothing it already knows.
 */
final class MeshJdbcCatalog extends JdbcCatalog {
  private final DataSource dataSource;
  private final FileIO io;
  private final Cache<String, TableMetadata> metadata =
      Caffeine.newBuilder()
          .maximumWeight(200_000)
          // Weighed by snapshot count: the bulk of a metadata file.
          .<String, TableMetadata>weigher((location, table) -> 1 + table.snapshots().size())
          .expireAfterAccess(Duration.ofMinutes(30))
          .build();

  MeshJdbcCatalog(DataSource dataSource, FileIO io) {
    this.dataSource = dataSource;
    this.io = io;
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier identifier) {
    return new CachedJdbcTableOperations(
        IcebergCatalogs.CATALOG_NAME, identifier, dataSource, io, metadata, this::namespaceExists);
  }
}
