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
 * pointer lookup, and a commit parses nothing it already knows. The pointers it read last are kept
 * briefly too ({@link RecentPointers}), and forgotten on every write of a pointer through it.
 */
final class MeshJdbcCatalog extends JdbcCatalog {
  private final DataSource dataSource;
  private final FileIO io;
  private final RecentPointers pointers = new RecentPointers();
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

  RecentPointers pointers() {
    return pointers;
  }

  @Override
  protected TableOperations newTableOps(TableIdentifier identifier) {
    return new CachedJdbcTableOperations(
        IcebergCatalogs.CATALOG_NAME,
        identifier,
        dataSource,
        io,
        metadata,
        pointers,
        this::namespaceExists);
  }

  @Override
  public boolean dropTable(TableIdentifier identifier, boolean purge) {
    try {
      return super.dropTable(identifier, purge);
    } finally {
      pointers.changed();
    }
  }

  @Override
  public void renameTable(TableIdentifier from, TableIdentifier to) {
    try {
      super.renameTable(from, to);
    } finally {
      pointers.changed();
    }
  }

  @Override
  public boolean dropView(TableIdentifier identifier) {
    try {
      return super.dropView(identifier);
    } finally {
      pointers.changed();
    }
  }

  @Override
  public void renameView(TableIdentifier from, TableIdentifier to) {
    try {
      super.renameView(from, to);
    } finally {
      pointers.changed();
    }
  }
}
